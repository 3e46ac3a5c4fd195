package config_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"example.com/demo/internal/config"
)

// TestEnvExample checks that .env.example lists every variable Config
// reads, found from the env tags of its fields, with its default and an
// explanation, and nothing Config does not read: adding a setting without
// documenting it fails here.
func TestEnvExample(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	explained := false // the line before is a comment or a variable
	for i, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			explained = false
			continue
		case strings.HasPrefix(line, "#"):
			explained = true
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		switch {
		case !ok:
			t.Errorf(".env.example:%d: %q is not KEY=value", i+1, line)
		case !explained:
			t.Errorf(".env.example:%d: %s has no comment explaining it", i+1, key)
		}
		// A value with spaces or shell characters is double-quoted, as the
		// shell (make run sources the file) and docker compose read it.
		if unquoted, err := strconv.Unquote(value); err == nil && strings.HasPrefix(value, `"`) {
			value = unquoted
		}
		if _, dup := listed[key]; dup {
			t.Errorf(".env.example:%d: %s is listed twice", i+1, key)
		}
		listed[key] = value
	}

	read := map[string]string{}
	typ := reflect.TypeFor[config.Config]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		if key != "" {
			read[key] = f.Tag.Get("envDefault")
		}
	}
	if len(read) == 0 {
		t.Fatal("Config has no fields with env tags")
	}
	for key, def := range read {
		switch value, ok := listed[key]; {
		case !ok:
			t.Errorf(".env.example does not list %s (default %q)", key, def)
		case value != def:
			t.Errorf(".env.example sets %s=%s, want its default %q", key, value, def)
		}
	}
	for key := range listed {
		if _, ok := read[key]; !ok {
			t.Errorf(".env.example lists %s, which Config does not read", key)
		}
	}

	// The file as it is is a working configuration.
	if _, err := config.Load(func(k string) string { return listed[k] }); err != nil {
		t.Errorf("Load(.env.example) = %v, want the defaults", err)
	}
}
