package options

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseDomain(t *testing.T) {
	tests := []struct {
		spec string
		want Domain
	}{
		{"artist", Domain{Name: "artist", Fields: DefaultFields()}},
		{"artist name:string:unique bio:text? born:date? rating:float? active:bool", Domain{Name: "artist", Fields: []Field{
			{Name: "name", Type: String, MaxLen: 255, Unique: true},
			{Name: "bio", Type: Text, Optional: true},
			{Name: "born", Type: Date, Optional: true},
			{Name: "rating", Type: Float, Optional: true},
			{Name: "active", Type: Bool},
		}}},
		{"event title:string(80) kind:enum(concert|talk) starts_at:time:index contact:email? ref_code:uuid? seats:int", Domain{Name: "event", Fields: []Field{
			{Name: "title", Type: String, MaxLen: 80},
			{Name: "kind", Type: Enum, Values: []string{"concert", "talk"}},
			{Name: "starts_at", Type: Time, Index: true},
			{Name: "contact", Type: Email, MaxLen: EmailMax, Optional: true},
			{Name: "ref_code", Type: UUID, Optional: true},
			{Name: "seats", Type: Int},
		}}},
		{"note:owned title:string", Domain{Name: "note", Owned: true, Fields: []Field{{Name: "title", Type: String, MaxLen: 255}}}},
		{"artwork artist_id:ref(artist)", Domain{Name: "artwork", Fields: []Field{{Name: "artist_id", Type: Ref, Ref: "artist"}}}},
	}
	for _, tt := range tests {
		got, err := ParseDomain(tt.spec)
		if err != nil {
			t.Errorf("ParseDomain(%q) error: %v", tt.spec, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseDomain(%q) = %+v, want %+v", tt.spec, got, tt.want)
		}
	}
}

func TestSpecRoundTrip(t *testing.T) {
	for _, spec := range []string{
		"artist name:string description:text?",
		"event title:string(80):unique kind:enum(a|b_c)? at:time:index n:int? f:float b:bool d:date u:uuid e:email?",
		"note:owned title:string",
	} {
		d, err := ParseDomain(spec)
		if err != nil {
			t.Fatalf("ParseDomain(%q): %v", spec, err)
		}
		if got := d.Spec(); got != spec {
			t.Errorf("ParseDomain(%q).Spec() = %q, want the input back", spec, got)
		}
	}
}

func TestParseDomainErrors(t *testing.T) {
	tests := []struct {
		spec string
		want []string // substrings, one per expected problem
	}{
		{"Art", []string{`domain "Art": name must be singular snake_case`}},
		{"artist 1bad:string", []string{`field "1bad": name must be snake_case`}},
		{"artist x:blob", []string{`field "x": unknown type "blob"`}},
		{"artist x:string y:int x:text", []string{`field "x" is given twice`}},
		{"artist x", []string{`field "x" has no type`}},
		{"artist x:string(0)", []string{`string(0) needs a length`}},
		{"artist x:enum()", []string{`enum needs its values`}},
		{"artist x:enum(a|a)", []string{`enum value "a" is given twice`}},
		{"artist x:enum(A)", []string{`enum value "A" must be snake_case`}},
		{"artist x:int(3)", []string{`type int takes no (...)`}},
		{"artist x:int:primary", []string{`unknown or repeated modifier "primary"`}},
		{"artist x:int:unique:index", []string{`:unique already creates an index`}},
		{"artist:shared", []string{`unknown modifier "shared"`}},
		{"artist id:string", []string{`field "id" is set by the server`}},
		{"artist order:int", []string{`field "order" is a reserved word in SQL`}},
		{"artwork artist:ref(artist)", []string{`a ref field's name ends in _id`}},
		{"artist model:string", []string{`field "model" clashes with a method`}},
		{"artist ok:bool:unique", []string{`a unique bool allows one row per value`}},
		{"artist kind:enum(a|b):unique", []string{`a unique enum allows one row per value`}},
		{"BAD 1x:string y:blob", []string{`domain "BAD"`, `field "1x"`, `unknown type "blob"`}},
	}
	for _, tt := range tests {
		_, err := ParseDomain(tt.spec)
		if err == nil {
			t.Errorf("ParseDomain(%q) = nil error, want %q", tt.spec, tt.want)
			continue
		}
		if !IsInvalid(err) {
			t.Errorf("ParseDomain(%q) error %v is not an *Error", tt.spec, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseDomain(%q) error = %q, want it to contain %q", tt.spec, err, w)
			}
		}
		if n := len(strings.Split(err.Error(), "\n")); n != len(tt.want) {
			t.Errorf("ParseDomain(%q) reported %d problems, want %d: %v", tt.spec, n, len(tt.want), err)
		}
	}
}

func TestProjectValidate(t *testing.T) {
	artist := Domain{Name: "artist", Fields: DefaultFields()}
	valid := Project{Name: "demo", Module: "example.com/demo", Database: SQLite, Domains: []Domain{artist}}
	if err := valid.Validate(); err != nil {
		t.Fatalf("Validate(valid) = %v, want nil", err)
	}
	tests := []struct {
		name string
		edit func(*Project)
		want string
	}{
		{"space in name", func(p *Project) { p.Name = "Bad Name" }, `project name "Bad Name" is invalid`},
		{"digit first", func(p *Project) { p.Name = "9lives" }, `project name "9lives" is invalid`},
		{"no name", func(p *Project) { p.Name = "" }, `a project name is required`},
		{"module", func(p *Project) { p.Module = "not a module path" }, `module path "not a module path" is invalid`},
		{"database", func(p *Project) { p.Database = "oracle" }, `unknown database "oracle"`},
		{"keyword", func(p *Project) { p.Domains = []Domain{{Name: "type"}} }, `domain "type" is a Go keyword; pick another name`},
		{"predeclared", func(p *Project) { p.Domains = []Domain{{Name: "string"}} }, `is a predeclared Go identifier`},
		{"package", func(p *Project) { p.Domains = []Domain{{Name: "handler"}} }, `clashes with a package`},
		{"twice", func(p *Project) { p.Domains = []Domain{artist, artist} }, `domain "artist" is given twice`},
		{"user with auth", func(p *Project) { p.Auth = true; p.Domains = []Domain{{Name: "user"}} }, `is taken by the generated auth code`},
		{"auth with user_change", func(p *Project) { p.Auth = true; p.Domains = []Domain{{Name: "user_change"}} }, `is taken by the generated auth code`},
		{"owned without auth", func(p *Project) { p.Domains = []Domain{{Name: "note", Owned: true}} }, `domain "note" is :owned, which needs auth`},
		{"enum type clash", func(p *Project) {
			p.Domains = []Domain{{Name: "event_kind"}, {Name: "event", Fields: []Field{{Name: "kind", Type: Enum, Values: []string{"a"}}}}}
		}, `its enum type EventKind clashes with domain "event_kind"`},
		{"same table", func(p *Project) { p.Domains = []Domain{{Name: "datum"}, {Name: "data"}} }, `would share the table`},
		{"ref to nothing", func(p *Project) {
			p.Domains = []Domain{artist, {Name: "artwork", Fields: []Field{{Name: "label_id", Type: Ref, Ref: "label"}}}}
		}, `domain "artwork", field "label_id": ref(label) names no domain declared before it`},
		{"ref to a later domain", func(p *Project) {
			p.Domains = []Domain{{Name: "artwork", Fields: []Field{{Name: "artist_id", Type: Ref, Ref: "artist"}}}, artist}
		}, `ref(artist) names no domain declared before it`},
		{"ref to itself", func(p *Project) {
			p.Domains = []Domain{{Name: "category", Fields: []Field{{Name: "parent_id", Type: Ref, Ref: "category", Optional: true}}}}
		}, `a domain cannot refer to itself`},
		{"ref to user", func(p *Project) {
			p.Auth = true
			p.Domains = []Domain{{Name: "task", Fields: []Field{{Name: "assignee_id", Type: Ref, Ref: "user"}}}}
		}, `ref(user) is not supported; make the domain :owned`},
	}
	for _, tt := range tests {
		p := valid
		tt.edit(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want an error containing %q", tt.name, err, tt.want)
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: Validate() error is not an *Error", tt.name)
		}
	}
	// Every problem is reported, not just the first.
	p := Project{Name: "Bad Name", Module: "not a module path", Database: "oracle", Domains: []Domain{{Name: "type"}}}
	if n := len(strings.Split(p.Validate().Error(), "\n")); n != 4 {
		t.Errorf("Validate() reported %d problems, want 4: %v", n, p.Validate())
	}
	// Auth and owned domains go together.
	p = valid
	p.Auth = true
	p.Domains = []Domain{artist, {Name: "note", Owned: true, Fields: DefaultFields()}}
	if err := p.Validate(); err != nil {
		t.Errorf("Validate(auth with an owned domain) = %v, want nil", err)
	}
	// A ref to a domain declared before it is fine.
	p = valid
	p.Domains = []Domain{artist, {Name: "artwork", Fields: []Field{{Name: "artist_id", Type: Ref, Ref: "artist"}}}}
	if err := p.Validate(); err != nil {
		t.Errorf("Validate(ref to an earlier domain) = %v, want nil", err)
	}
	// A user domain is fine without auth.
	p = valid
	p.Domains = []Domain{{Name: "user", Fields: DefaultFields()}}
	if err := p.Validate(); err != nil {
		t.Errorf("Validate(user domain without auth) = %v, want nil", err)
	}
}

func TestDatabaseFlag(t *testing.T) {
	var d Database = SQLite
	if err := d.Set("postgres"); err != nil || d != Postgres {
		t.Errorf("Set(postgres) = %v, d = %q", err, d)
	}
	if err := d.Set("oracle"); err == nil || !IsInvalid(err) {
		t.Errorf("Set(oracle) = %v, want an *Error", err)
	}
	if d != Postgres {
		t.Errorf("a failed Set changed d to %q", d)
	}
}

// TestGrammarRows checks that every field type has a complete grammar row:
// the form's help, a spec that parses and prints back the same, and the
// list errors name.
func TestGrammarRows(t *testing.T) {
	seen := map[FieldType]bool{}
	for _, typ := range FieldTypes() {
		if seen[typ] {
			t.Errorf("%s is listed twice", typ)
		}
		seen[typ] = true
		if help := typ.Help(); help == string(typ)+": " {
			t.Errorf("%s: the form offers it without saying what it holds", typ)
		}
		spec := "x_id:" + string(typ)
		if typ.NeedsArg() {
			spec += map[FieldType]string{Enum: "(a|b)", Ref: "(artist)"}[typ]
		}
		f, err := ParseField(spec)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		if f.Type != typ || f.Spec() != spec {
			t.Errorf("ParseField(%q) = %s %q, want %s %q", spec, f.Type, f.Spec(), typ, spec)
		}
	}
	const want = "string, string(N), text, int, float, bool, time, date, uuid, email, enum(a|b), ref(domain)"
	if got := typeList(); got != want {
		t.Errorf("typeList() = %q, want %q", got, want)
	}
}
