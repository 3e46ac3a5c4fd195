// Package naming turns the snake_case names of the domain-spec grammar into
// the other spellings a generated project needs: Go identifiers with the
// usual initialisms (UserID, APIKey), English plurals (categories, people),
// kebab-case URL segments and human-readable words.
//
// sprig's case helpers are not used for these because they know neither
// initialisms nor irregular plurals.
package naming

import (
	"strings"
)

// initialisms are the words Go code spells in capitals, after the list the Go
// linters use.
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cpu": true, "css": true, "dns": true,
	"eof": true, "guid": true, "html": true, "http": true, "https": true, "id": true,
	"ip": true, "json": true, "lhs": true, "qps": true, "ram": true, "rhs": true,
	"rpc": true, "sla": true, "smtp": true, "sql": true, "ssh": true, "tcp": true,
	"tls": true, "ttl": true, "udp": true, "ui": true, "uid": true, "uuid": true,
	"uri": true, "url": true, "utf8": true, "vm": true, "xml": true, "xmpp": true,
	"xsrf": true, "xss": true, "sku": true, "isbn": true, "vat": true, "iban": true,
}

// words splits a snake_case name into its non-empty parts.
func words(snake string) []string {
	return strings.FieldsFunc(snake, func(r rune) bool { return r == '_' })
}

// Pascal returns the exported Go identifier for a snake_case name:
// "user_id" → "UserID", "api_key" → "APIKey", "blog_post" → "BlogPost".
func Pascal(snake string) string {
	var b strings.Builder
	for _, w := range words(snake) {
		b.WriteString(title(w))
	}
	return b.String()
}

// Camel returns the unexported Go identifier for a snake_case name:
// "user_id" → "userID", "api_key" → "apiKey", "url" → "url".
func Camel(snake string) string {
	ws := words(snake)
	if len(ws) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(ws[0])
	for _, w := range ws[1:] {
		b.WriteString(title(w))
	}
	return b.String()
}

func title(w string) string {
	if initialisms[w] {
		return strings.ToUpper(w)
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// Kebab returns the name with hyphens: "blog_post" → "blog-post".
func Kebab(snake string) string {
	return strings.Join(words(snake), "-")
}

// Human returns the name as words: "blog_post" → "blog post".
func Human(snake string) string {
	return strings.Join(words(snake), " ")
}

// Plural returns the plural of a singular snake_case name; only the last word
// changes: "blog_post" → "blog_posts", "category" → "categories",
// "person" → "people".
func Plural(snake string) string {
	ws := words(snake)
	if len(ws) == 0 {
		return snake
	}
	ws[len(ws)-1] = pluralWord(ws[len(ws)-1])
	return strings.Join(ws, "_")
}

var irregular = map[string]string{
	"person": "people", "man": "men", "woman": "women", "child": "children",
	"mouse": "mice", "goose": "geese", "tooth": "teeth", "foot": "feet",
	"ox": "oxen", "leaf": "leaves", "life": "lives", "knife": "knives",
	"wife": "wives", "half": "halves", "wolf": "wolves", "shelf": "shelves",
	"thief": "thieves", "loaf": "loaves", "calf": "calves", "elf": "elves",
	"criterion": "criteria", "phenomenon": "phenomena", "datum": "data",
	"medium": "media", "index": "indexes", "matrix": "matrices",
	"vertex": "vertices", "appendix": "appendices", "cactus": "cacti",
	"fungus": "fungi", "nucleus": "nuclei", "syllabus": "syllabi",
	"analysis": "analyses", "basis": "bases", "crisis": "crises",
	"diagnosis": "diagnoses", "thesis": "theses", "hypothesis": "hypotheses",
	"axis": "axes", "quiz": "quizzes", "hero": "heroes", "potato": "potatoes",
	"tomato": "tomatoes", "echo": "echoes", "veto": "vetoes",
}

var uncountable = map[string]bool{
	"equipment": true, "information": true, "rice": true, "money": true,
	"species": true, "series": true, "fish": true, "sheep": true, "deer": true,
	"news": true, "data": true, "metadata": true, "feedback": true,
	"software": true, "hardware": true, "staff": true, "media": true,
	"aircraft": true, "furniture": true, "luggage": true, "baggage": true,
	"advice": true, "music": true, "traffic": true, "inventory": true,
}

func pluralWord(w string) string {
	if uncountable[w] {
		return w
	}
	if p, ok := irregular[w]; ok {
		return p
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "sh"), strings.HasSuffix(w, "ch"),
		strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"):
		return w + "es"
	case strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w + "es"
	case strings.HasSuffix(w, "y") && len(w) > 1 && !isVowel(w[len(w)-2]):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s"):
		return w + "es"
	}
	return w + "s"
}

func isVowel(c byte) bool {
	return strings.IndexByte("aeiou", c) >= 0
}
