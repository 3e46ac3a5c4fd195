package database

import "go.mongodb.org/mongo-driver/v2/bson"

// collections lists the collections of the service and the indexes they
// need: those that serve the lists' orders and filters, and one for each
// unique or indexed field. Ref fields are always indexed: lists filter by them and a
// delete looks up what refers to the document.
var collections = []collection{
	// Emails are stored in lower case, so they are unique regardless of
	// case.
	{name: "users", indexes: []index{
		{name: "created_at_1__id_1", keys: bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "email_1", keys: bson.D{{Key: "email", Value: 1}}, unique: true},
		{name: "updated_at_1__id_1", keys: bson.D{{Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "email_1__id_1", keys: bson.D{{Key: "email", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "is_active_1_created_at_1__id_1", keys: bson.D{{Key: "is_active", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "is_superuser_1_created_at_1__id_1", keys: bson.D{{Key: "is_superuser", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
	// Counts of attempts to log in, register and refresh tokens; the server
	// deletes the windows that have ended.
	{name: "rate_limits", indexes: []index{
		{name: "expires_at_1", keys: bson.D{{Key: "expires_at", Value: 1}}},
	}},
	// The sessions logins start and the password resets mailed to users;
	// the server deletes the expired ones.
	{name: "sessions", indexes: []index{
		{name: "user_id_1", keys: bson.D{{Key: "user_id", Value: 1}}},
		{name: "expires_at_1", keys: bson.D{{Key: "expires_at", Value: 1}}},
	}},
	{name: "password_resets", indexes: []index{
		{name: "user_id_1", keys: bson.D{{Key: "user_id", Value: 1}}},
		{name: "expires_at_1", keys: bson.D{{Key: "expires_at", Value: 1}}},
	}},
	{name: "notes", indexes: []index{
		{name: "owner_id_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_title_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "title", Value: 1}}, unique: true},
		{name: "owner_id_1_updated_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_title_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "title", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_done_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "done", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
	{name: "events", indexes: []index{
		{name: "owner_id_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "contact_per_owner_1", keys: bson.D{{Key: "contact_per_owner", Value: 1}}, unique: true, sparse: true},
		{name: "owner_id_1_contact_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "contact", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "starts_at_1", keys: bson.D{{Key: "starts_at", Value: 1}}},
		{name: "owner_id_1_updated_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_starts_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "starts_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_kind_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "kind", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_starts_at_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "starts_at", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
	{name: "artists", indexes: []index{
		{name: "created_at_1__id_1", keys: bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "updated_at_1__id_1", keys: bson.D{{Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
	{name: "artworks", indexes: []index{
		{name: "owner_id_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "note_id_per_owner_1", keys: bson.D{{Key: "note_id_per_owner", Value: 1}}, unique: true, sparse: true},
		{name: "owner_id_1_note_id_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "note_id", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "artist_id_1", keys: bson.D{{Key: "artist_id", Value: 1}}},
		{name: "note_id_1", keys: bson.D{{Key: "note_id", Value: 1}}},
		{name: "owner_id_1_updated_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_artist_id_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "artist_id", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "owner_id_1_artist_id_1_created_at_1__id_1", keys: bson.D{{Key: "owner_id", Value: 1}, {Key: "artist_id", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
}
