package model

import (
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxEmailLen is the longest email address accepted, in characters
// (RFC 5321).
const MaxEmailLen = 254

// FieldErrors is the error of an entity whose fields break their rules: it
// maps each such field, by its JSON name, to what is wrong with it. The
// entities' Validate methods return it, so every caller of the services
// (the API, a job, a command, a test) gets the same answer.
type FieldErrors map[string]string

// Error lists the fields and their problems in the order of their names.
func (e FieldErrors) Error() string {
	var b strings.Builder
	for _, field := range slices.Sorted(maps.Keys(e)) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(field + ": " + e[field])
	}
	return "invalid " + b.String()
}

// add records problem under field unless it is empty.
func (e FieldErrors) add(field, problem string) {
	if problem != "" {
		e[field] = problem
	}
}

// err returns e when it holds a problem, nil otherwise.
func (e FieldErrors) err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Each check below returns what is wrong with a value, or "" when nothing
// is. Lengths count characters (Unicode code points), the way the JSON
// schema's maxLength does.

// checkText checks text: it may hold anything but a NUL character, which
// PostgreSQL cannot store, so no database gets one.
func checkText(s string) string {
	if strings.ContainsRune(s, 0) {
		return "must not contain a NUL character"
	}
	return ""
}

// checkString checks text of at most maxLen characters.
func checkString(s string, maxLen int) string {
	if utf8.RuneCountInString(s) > maxLen {
		return fmt.Sprintf("must be at most %d characters", maxLen)
	}
	return checkText(s)
}

// checkRequiredString checks text of 1 to maxLen characters.
func checkRequiredString(s string, maxLen int) string {
	if s == "" {
		return "must not be empty"
	}
	return checkString(s, maxLen)
}

// checkEmail checks a plain email address such as name@example.com: no
// display name, no comments, at most MaxEmailLen characters.
func checkEmail(s string) string {
	if problem := checkText(s); problem != "" {
		return problem
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || utf8.RuneCountInString(s) > MaxEmailLen {
		return "must be an email address such as name@example.com"
	}
	return ""
}
