// Package model holds the entities the service works with. Optional fields
// are pointers; nil means "not set". Entities know nothing about JSON, HTTP
// or storage.
package model
