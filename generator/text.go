package generator

import (
	"strings"
	"text/template"
)

// The template functions beyond sprig's hermetic set, for English text.

// fieldFuncs are the template functions beyond sprig's hermetic set.
var fieldFuncs = template.FuncMap{
	"withArticle": withArticle,
	"capitalize":  capitalize,
	"uuidTags":    uuidParamTags,
}

// withArticle puts "a" or "an" before a phrase by how it sounds:
// "an artist", "a user", "an hour", "a blog post".
func withArticle(phrase string) string {
	w := strings.ToLower(phrase)
	an := strings.IndexByte("aeiou", firstByte(w)) >= 0
	for _, p := range []string{"uni", "use", "usu", "uti", "ure", "uro", "url", "uuid", "eu", "ewe", "one", "once"} {
		if strings.HasPrefix(w, p) {
			an = false
		}
	}
	for _, p := range []string{"hour", "honest", "honor", "honour", "heir"} {
		if strings.HasPrefix(w, p) {
			an = true
		}
	}
	if an {
		return "an " + phrase
	}
	return "a " + phrase
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// capitalize upper-cases the first letter: "blog post" → "Blog post".
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
