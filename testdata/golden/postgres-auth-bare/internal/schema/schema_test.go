package schema_test

import (
	"encoding/json"
	"testing"

	"example.com/bare/internal/schema"
)

func TestOptionalUnmarshal(t *testing.T) {
	tests := []struct {
		in        string
		set, null bool
		value     string
	}{
		{`{}`, false, false, ""},
		{`{"v":null}`, true, true, ""},
		{`{"v":"x"}`, true, false, "x"},
	}
	for _, tt := range tests {
		var doc struct {
			V schema.Optional[string] `json:"v,omitzero"`
		}
		if err := json.Unmarshal([]byte(tt.in), &doc); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if doc.V.Set != tt.set || doc.V.Null != tt.null || doc.V.Value != tt.value {
			t.Errorf("Unmarshal(%s).V = %+v, want set %t null %t value %q", tt.in, doc.V, tt.set, tt.null, tt.value)
		}
	}
}
