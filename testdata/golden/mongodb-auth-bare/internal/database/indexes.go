package database

import "go.mongodb.org/mongo-driver/v2/bson"

// collections lists the collections of the service and the indexes they
// need: one that serves the lists' order, and one for each unique or
// indexed field.
var collections = []collection{
	{name: "users", indexes: []index{
		{name: "created_at_1__id_1", keys: bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}},
		// Emails are stored in lower case, so they are unique regardless of
		// case.
		{name: "email_1", keys: bson.D{{Key: "email", Value: 1}}, unique: true},
	}},
	// Counts of attempts to log in, register and refresh tokens; the server
	// deletes the windows that have ended.
	{name: "rate_limits", indexes: []index{
		{name: "expires_at_1", keys: bson.D{{Key: "expires_at", Value: 1}}},
	}},
}
