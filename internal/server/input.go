package server

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText makes user input safe to store and search: valid UTF-8 (Postgres
// rejects anything else), no NUL bytes, no surrounding space, and at most max
// characters, cut on a character boundary.
func cleanText(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\x00", "")
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		// The cut may end on a space that trimming first could not see.
		s = strings.TrimRightFunc(string([]rune(s)[:max]), unicode.IsSpace)
	}
	return s
}

// parseVersion reads an edit form's record version. Anything that is not a
// version Postgres can hold (its column is a 32-bit integer) becomes 0, which
// matches no stored row and so shows the conflict screen instead of failing.
func parseVersion(s string) int {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil || v < 0 {
		return 0
	}
	return int(v)
}
