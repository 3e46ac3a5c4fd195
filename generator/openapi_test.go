package generator

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/go-gen/gen/options"
)

func TestUUIDPattern(t *testing.T) {
	re := regexp.MustCompile(uuidPattern)
	for _, s := range []string{
		"0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"0190C3A4-1B2C-7D3E-8F40-123456789ABC",
		"00000000-0000-0000-0000-000000000000",
	} {
		if !re.MatchString(s) {
			t.Errorf("pattern refuses %q, want it accepted", s)
		}
	}
	refused := []string{"", "nope", "0190c3a4-1b2c-7d3e-8f40-123456789abc\n", "0190c3a4-1b2c-7d3e-8f40-123456789abg", "0190c3a4-1b2c-7d3e-8f40_123456789abc"}
	for _, b := range uuidOtherForms {
		s, err := strconv.Unquote(b.raw)
		if err != nil {
			t.Fatalf("uuidOtherForms: %s is not a JSON string: %v", b.raw, err)
		}
		refused = append(refused, s)
	}
	for _, s := range refused {
		if re.MatchString(s) {
			t.Errorf("pattern accepts %q, want it refused", s)
		}
	}
	sample, _ := strconv.Unquote(Field{Type: options.UUID}.JSONValue())
	if !re.MatchString(sample) {
		t.Errorf("the uuid sample %q does not match the pattern", sample)
	}
}

// The document states no number bound for an int: huma keeps bounds as
// float64, which cannot hold int64's.
func TestIntStatesNoBounds(t *testing.T) {
	f := Field{Name: "seats", Type: options.Int}
	for _, tag := range []string{f.CreateTag(), f.UpdateTag(), f.ResponseTag()} {
		if regexp.MustCompile(`minimum|maximum`).MatchString(tag) {
			t.Errorf("int tag %s states a bound", tag)
		}
	}
}
