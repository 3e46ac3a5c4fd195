package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
)

// sampleFields are a required and an optional field of type t, as
// newDomain would make them from a spec.
func sampleFields(t *testing.T, typ options.FieldType) []Field {
	t.Helper()
	spec := map[options.FieldType]string{options.Enum: "(a|b)", options.Ref: "(artist)"}[typ]
	d, err := options.ParseDomain("thing x_id:" + string(typ) + spec + " y_id:" + string(typ) + spec + "?")
	require.NoError(t, err)
	return newDomain(d, "").Fields
}

// TestEveryTypeHasARow checks that every field type of the grammar has a
// row, and that the row fills every column the templates cannot do
// without.
func TestEveryTypeHasARow(t *testing.T) {
	assert.Len(t, fieldTypes, len(options.FieldTypes()), "a row for a type the grammar does not have")
	for _, typ := range options.FieldTypes() {
		r := fieldTypes[typ]
		require.NotNil(t, r, "no row for %s in fieldTypes", typ)
		assert.True(t, r.goType != "" || typ == options.Enum, "%s: no goType", typ)
		assert.NotEmpty(t, r.sqlite, "%s: no sqlite type", typ)
		assert.NotEmpty(t, r.postgres, "%s: no postgres type", typ)
		assert.NotNil(t, r.readme, "%s: no readme", typ)
		assert.NotNil(t, r.json, "%s: no json samples", typ)
		assert.NotNil(t, r.bad, "%s: no bad values", typ)
		assert.False(t, r.holdsText && r.check == nil, "%s: text without a check: the model must refuse a NUL", typ)
		assert.False(t, r.atLimit != nil && !r.maxLength, "%s: a value at a limit the type does not have", typ)
		assert.NotEmpty(t, r.text, "%s: no text form for filters and cursors", typ)
		assert.Contains(t, r.parse, "%[1]s", "%s: no parse of the text form", typ)
		assert.Contains(t, r.compare, "%[2]s", "%s: no compare", typ)
		if r.json == nil || r.readme == nil || r.bad == nil {
			continue
		}
		for _, f := range sampleFields(t, typ) {
			assert.NotEmpty(t, f.GoType(), "%s: GoType", typ)
			assert.NotEmpty(t, f.TypeDoc(), "%s: TypeDoc", typ)
			assert.NotEqual(t, f.JSONValue(), f.JSONAlt(), "%s: the alternative sample equals the primary one", typ)
			assert.NotEqual(t, f.GoValue(), f.GoAlt(), "%s: the alternative Go sample equals the primary one", typ)
			assert.NotEmpty(t, f.RowValue(), "%s: RowValue", typ)
			if f.HasRule() {
				assert.NotEmpty(t, f.InvalidCases(), "%s: a rule without values that break it", typ)
			}
			for _, c := range r.convs() {
				for _, form := range []string{c.required, c.optional} {
					if form != "" {
						assert.Contains(t, form, "%s", "%s: a conversion that drops its value", typ)
					}
				}
			}
		}
	}
}

func TestCalls(t *testing.T) {
	p := &Project{Domains: []Domain{{Fields: []Field{{Type: options.Time, Optional: true}, {Type: options.Date}}}}}
	for helper, want := range map[string]bool{
		"utcPtr": true, "storedPtr": true, "NewDate": true, "mapOptional": true,
		"stored": false, "datePtr": false, "uuidString": false,
	} {
		got, err := p.Calls(helper)
		require.NoError(t, err, helper)
		assert.Equal(t, want, got, "Calls(%q)", helper)
	}
	_, err := p.Calls("utcPointer")
	assert.Error(t, err, "a helper no row calls is a misspelling")
	_, err = p.UsesWireType("Dates")
	assert.Error(t, err, "a wire type no row has is a misspelling")
}

func TestFilterOps(t *testing.T) {
	ordered := []string{"eq", "gt", "gte", "lt", "lte"}
	for _, tt := range []struct {
		field Field
		want  []string
	}{
		{Field{Type: options.String}, nil},
		{Field{Type: options.String, Unique: true}, []string{"eq"}},
		{Field{Type: options.Text, Index: true}, []string{"eq"}},
		{Field{Type: options.Bool}, []string{"eq"}},
		{Field{Type: options.Enum}, []string{"eq"}},
		{Field{Type: options.Ref, Index: true}, []string{"eq"}},
		{Field{Type: options.Int}, nil},
		{Field{Type: options.Int, Index: true}, ordered},
		{Field{Type: options.Float, Unique: true}, ordered},
		{Field{Type: options.Date, Index: true}, ordered},
		{Field{Type: options.Time, Index: true}, ordered},
		{Field{Type: options.UUID, Index: true}, []string{"eq"}},
	} {
		assert.Equal(t, tt.want, tt.field.FilterOps(), "%s unique=%v index=%v", tt.field.Type, tt.field.Unique, tt.field.Index)
	}
}

func TestSortable(t *testing.T) {
	for _, tt := range []struct {
		field Field
		want  bool
	}{
		{Field{Type: options.String, Index: true}, true},
		{Field{Type: options.String}, false},
		{Field{Type: options.String, Index: true, Optional: true}, false}, // no NULLs in a keyset
		{Field{Type: options.Text, Index: true}, false},
		{Field{Type: options.Int, Unique: true}, true},
		{Field{Type: options.Bool, Index: true}, true},
		{Field{Type: options.Enum}, false},
	} {
		assert.Equal(t, tt.want, tt.field.Sortable(), "%s unique=%v index=%v optional=%v", tt.field.Type, tt.field.Unique, tt.field.Index, tt.field.Optional)
	}
}

func TestListIndexes(t *testing.T) {
	d := newDomain(options.Domain{Name: "item", Fields: []options.Field{
		{Name: "name", Type: options.String, MaxLen: 80, Index: true},
		{Name: "code", Type: options.String, MaxLen: 80, Unique: true},
		{Name: "kind", Type: options.Enum, Values: []string{"a", "b"}},
		{Name: "due", Type: options.Date, Index: true, Optional: true},
		{Name: "note", Type: options.Text},
	}}, "00001")
	want := []ListIndex{
		{"updated_at", "id"},
		{"name", "id"}, {"code", "id"}, {"due", "id"},
		{"name", "created_at", "id"}, {"kind", "created_at", "id"}, {"due", "created_at", "id"},
	}
	assert.Equal(t, want, d.ListIndexes())
	assert.Equal(t, "created_at,-created_at,updated_at,-updated_at,name,-name,code,-code", d.SortValues())
	var params []string
	for _, p := range d.FilterParams() {
		params = append(params, p.Query())
	}
	assert.Equal(t, []string{"name", "code", "kind", "due", "due[gt]", "due[gte]", "due[lt]", "due[lte]"}, params)
	assert.Equal(t, "items_owner_id_name_id", ListIndex{"name", "id"}.Name("items", true))
	assert.Equal(t, "owner_id, name, id", ListIndex{"name", "id"}.SQL(true))
}

func TestListFuncs(t *testing.T) {
	for _, tt := range []struct {
		field         Field
		compare, text string
	}{
		{Field{Type: options.String}, "strings.Compare", "func(v string) string { return v }"},
		{Field{Type: options.Bool}, "compareBool", "strconv.FormatBool"},
		{Field{Type: options.Int}, "cmp.Compare", "func(v int64) string { return strconv.FormatInt(v, 10) }"},
		{Field{Type: options.Enum, Values: []EnumValue{{Value: "a", Go: "KindA"}}}, "func(a, b Kind) int { return strings.Compare(string(a), string(b)) }", "func(v Kind) string { return string(v) }"},
		{Field{Type: options.UUID}, "compareUUID", "func(v uuid.UUID) string { return v.String() }"},
	} {
		assert.Equal(t, tt.compare, tt.field.CompareFunc(), "%s", tt.field.Type)
		assert.Equal(t, tt.text, tt.field.TextFunc(), "%s", tt.field.Type)
	}
}
