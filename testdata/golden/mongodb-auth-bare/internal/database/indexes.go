package database

import "go.mongodb.org/mongo-driver/v2/bson"

// collections lists the collections of the service and the indexes they
// need: those that serve the lists' orders and filters, and one for each
// unique or indexed field.
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
}
