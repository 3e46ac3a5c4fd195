package generator

import (
	"slices"
	"strings"
)

// MongoIndex is an index of a MongoDB collection.
type MongoIndex struct {
	Keys   []string
	Unique bool
	Sparse bool
}

// Name is the name MongoDB itself would give the index: its keys, each
// followed by _1.
func (ix MongoIndex) Name() string { return strings.Join(ix.Keys, "_1_") + "_1" }

// MongoIndexes are the indexes of the domain's collection: one for the
// default list order (per owner when owned), one per unique field, the
// plain indexes of an owned domain and the list indexes (ListIndexes, with
// _id for id).
// Unique indexes of optional fields are sparse, so documents without a
// value do not collide. An owned domain's optional unique field is unique
// per owner through its PerOwner key, as a sparse index of (owner_id,
// field) would still hold the documents without the field.
//
// A ref field is always indexed (see newDomain), even when it is also
// unique per owner.
func (d Domain) MongoIndexes() []MongoIndex {
	order := MongoIndex{Keys: []string{"created_at", "_id"}}
	if d.Owned {
		order.Keys = append([]string{"owner_id"}, order.Keys...)
	}
	out := []MongoIndex{order}
	for _, f := range d.Fields {
		switch {
		case f.Unique && d.Owned && f.Optional:
			out = append(out, MongoIndex{Keys: []string{f.PerOwnerKey()}, Unique: true, Sparse: true})
		case f.Unique && d.Owned:
			out = append(out, MongoIndex{Keys: []string{"owner_id", f.Name}, Unique: true})
		case f.Unique:
			out = append(out, MongoIndex{Keys: []string{f.Name}, Unique: true, Sparse: f.Optional})
		}
	}
	for _, f := range d.Fields {
		// Lists filter a field unique per owner through a key of its own by
		// its owner and value, which the unique index of that key does not
		// serve.
		if f.PerOwner() && slices.Contains(f.FilterOps(), "eq") {
			out = append(out, MongoIndex{Keys: []string{"owner_id", f.Name, "created_at", "_id"}})
		}
	}
	for _, f := range d.PlainIndexes() {
		out = append(out, MongoIndex{Keys: []string{f.Name}})
	}
	for _, ix := range d.ListIndexes() {
		keys := slices.Clone(ix)
		keys[len(keys)-1] = "_id"
		if d.Owned {
			keys = append([]string{"owner_id"}, keys...)
		}
		out = append(out, MongoIndex{Keys: keys})
	}
	return out
}

// PerOwner reports whether the field is stored with a key that makes it
// unique per owner: an optional unique field of an owned domain.
func (f Field) PerOwner() bool { return f.owned && f.Unique && f.Optional }

// PerOwnerKey is the document key of the field's per-owner key.
func (f Field) PerOwnerKey() string { return f.Name + "_per_owner" }

// BSONType is the field's type in the repository's document struct: the
// model's type, but a string for a uuid and a *bson.DateTime for an
// optional time or date. The driver leaves out a *time.Time holding the
// zero time (0001-01-01) as if it had no value; a *bson.DateTime is left
// out only when nil.
func (f Field) BSONType() string {
	r := f.row()
	if f.Optional && r.bsonOptional != "" {
		return r.bsonOptional
	}
	if r.bson != "" {
		return f.pointer(r.bson)
	}
	return f.pointer(f.baseType("model."))
}

// BSONTag is the field's struct tag in the document struct. Optional
// fields without a value are left out of the document.
func (f Field) BSONTag() string {
	if f.Optional {
		return "`bson:\"" + f.Name + ",omitempty\"`"
	}
	return "`bson:\"" + f.Name + "\"`"
}

// AnyUnique reports whether anything the project stores has a unique
// field: a domain's, or the users' email.
func (p *Project) AnyUnique() bool {
	if p.Auth {
		return true
	}
	for _, d := range p.Domains {
		if d.HasUnique() {
			return true
		}
	}
	return false
}

// AnyPerOwner reports whether a field of any domain is unique per owner
// through a key of its own.
func (p *Project) AnyPerOwner() bool { return p.anyField(Field.PerOwner) }

// HasPerOwner reports whether a field of the domain is unique per owner
// through a key of its own.
func (d Domain) HasPerOwner() bool {
	for _, f := range d.Fields {
		if f.PerOwner() {
			return true
		}
	}
	return false
}

// AnyUniqueRequiredRef reports whether a domain has a required unique ref
// field, whose documents each need a parent of their own in the tests.
func (p *Project) AnyUniqueRequiredRef() bool { return p.anyField(Field.uniqueRequiredRef) }

func (f Field) uniqueRequiredRef() bool { return f.IsRef() && f.Unique && !f.Optional }

// RefParents are the domain's ref fields, but only the first of those that
// point at the same domain: one field for each domain it refers to.
func (d Domain) RefParents() []Field {
	return firstPerParent(d.Refs())
}

// RowParents are the domain's required unique ref fields, but only the
// first of those that point at the same domain. Each document needs a
// parent of its own through them.
func (d Domain) RowParents() []Field {
	return firstPerParent(d.filter(Field.uniqueRequiredRef))
}

func firstPerParent(refs []Field) []Field {
	var out []Field
	for _, f := range refs {
		if !slices.ContainsFunc(out, func(o Field) bool { return o.Ref == f.Ref }) {
			out = append(out, f)
		}
	}
	return out
}

// ToBSON is the value the document stores for the field of the model recv.
func (f Field) ToBSON(recv string) string {
	return f.convert(f.row().toBSON, recv+"."+f.Go)
}

// FromBSON is the model value of the field of the document recv; when
// ParsedFromBSON, the expression also returns an error.
func (f Field) FromBSON(recv string) string {
	return f.convert(f.row().fromBSON, recv+"."+f.Go)
}

// ParsedFromBSON reports whether FromBSON parses the stored value and so
// can fail.
func (f Field) ParsedFromBSON() bool { return f.row().parseBSON }
