package naming

import "testing"

func TestPascalCamel(t *testing.T) {
	tests := []struct{ in, pascal, camel string }{
		{"artist", "Artist", "artist"},
		{"blog_post", "BlogPost", "blogPost"},
		{"user_id", "UserID", "userID"},
		{"api_key", "APIKey", "apiKey"},
		{"url", "URL", "url"},
		{"ref_code", "RefCode", "refCode"},
		{"homepage_url", "HomepageURL", "homepageURL"},
		{"ip2", "Ip2", "ip2"},
		{"a", "A", "a"},
	}
	for _, tt := range tests {
		if got := Pascal(tt.in); got != tt.pascal {
			t.Errorf("Pascal(%q) = %q, want %q", tt.in, got, tt.pascal)
		}
		if got := Camel(tt.in); got != tt.camel {
			t.Errorf("Camel(%q) = %q, want %q", tt.in, got, tt.camel)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := map[string]string{
		"artist":       "artists",
		"category":     "categories",
		"person":       "people",
		"blog_post":    "blog_posts",
		"sales_person": "sales_people",
		"day":          "days",
		"box":          "boxes",
		"class":        "classes",
		"status":       "statuses",
		"address":      "addresses",
		"church":       "churches",
		"wish":         "wishes",
		"child":        "children",
		"leaf":         "leaves",
		"series":       "series",
		"news":         "news",
		"analysis":     "analyses",
		"photo":        "photos",
		"hero":         "heroes",
		"quiz":         "quizzes",
		"key":          "keys",
		"gas":          "gases",
		"event":        "events",
	}
	for in, want := range tests {
		if got := Plural(in); got != want {
			t.Errorf("Plural(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKebabHuman(t *testing.T) {
	if got := Kebab("blog_post"); got != "blog-post" {
		t.Errorf("Kebab(%q) = %q, want %q", "blog_post", got, "blog-post")
	}
	if got := Human("blog_post"); got != "blog post" {
		t.Errorf("Human(%q) = %q, want %q", "blog_post", got, "blog post")
	}
}
