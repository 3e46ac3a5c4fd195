package schema

import (
	"fmt"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// Date is a calendar date, written YYYY-MM-DD on the wire. The model keeps
// dates as a time.Time at midnight UTC.
type Date time.Time

// NewDate returns the date t falls on in UTC.
func NewDate(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return time.Time(d) }

// String returns the date as YYYY-MM-DD.
func (d Date) String() string { return time.Time(d).Format(time.DateOnly) }

// MarshalText writes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText reads a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return fmt.Errorf("date %q is not YYYY-MM-DD", b)
	}
	*d = Date(t)
	return nil
}

// Schema documents Date as an OpenAPI "date" string.
func (Date) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Format: "date"}
}

// datePtr converts an optional model date to its wire form.
func datePtr(t *time.Time) *Date {
	if t == nil {
		return nil
	}
	d := NewDate(*t)
	return &d
}

// timePtr converts an optional wire date to its model form.
func (d *Date) timePtr() *time.Time {
	if d == nil {
		return nil
	}
	t := d.Time()
	return &t
}
