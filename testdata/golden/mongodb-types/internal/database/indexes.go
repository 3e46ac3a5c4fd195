package database

import "go.mongodb.org/mongo-driver/v2/bson"

// collections lists the collections of the service and the indexes they
// need: those that serve the lists' orders and filters, and one for each
// unique or indexed field. Ref fields are always indexed: lists filter by them and a
// delete looks up what refers to the document.
var collections = []collection{
	{name: "artists", indexes: []index{
		{name: "created_at_1__id_1", keys: bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "name_1", keys: bson.D{{Key: "name", Value: 1}}, unique: true},
		{name: "updated_at_1__id_1", keys: bson.D{{Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "name_1__id_1", keys: bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "active_1_created_at_1__id_1", keys: bson.D{{Key: "active", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
	{name: "events", indexes: []index{
		{name: "created_at_1__id_1", keys: bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "contact_1", keys: bson.D{{Key: "contact", Value: 1}}, unique: true, sparse: true},
		{name: "updated_at_1__id_1", keys: bson.D{{Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "starts_at_1__id_1", keys: bson.D{{Key: "starts_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "kind_1_created_at_1__id_1", keys: bson.D{{Key: "kind", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "starts_at_1_created_at_1__id_1", keys: bson.D{{Key: "starts_at", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
	{name: "blog_posts", indexes: []index{
		{name: "created_at_1__id_1", keys: bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "editor_email_1", keys: bson.D{{Key: "editor_email", Value: 1}}, unique: true},
		{name: "external_id_1", keys: bson.D{{Key: "external_id", Value: 1}}, unique: true},
		{name: "updated_at_1__id_1", keys: bson.D{{Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "title_1__id_1", keys: bson.D{{Key: "title", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "editor_email_1__id_1", keys: bson.D{{Key: "editor_email", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "external_id_1__id_1", keys: bson.D{{Key: "external_id", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "title_1_created_at_1__id_1", keys: bson.D{{Key: "title", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "visible_1_created_at_1__id_1", keys: bson.D{{Key: "visible", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "tag_1_created_at_1__id_1", keys: bson.D{{Key: "tag", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
	{name: "artworks", indexes: []index{
		{name: "created_at_1__id_1", keys: bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "updated_at_1__id_1", keys: bson.D{{Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "artist_id_1__id_1", keys: bson.D{{Key: "artist_id", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "artist_id_1_created_at_1__id_1", keys: bson.D{{Key: "artist_id", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "event_id_1_created_at_1__id_1", keys: bson.D{{Key: "event_id", Value: 1}, {Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
	}},
}
