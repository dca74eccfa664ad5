package server

// Reading a request: URL parameters, query values and who is asking.

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/store"
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

// postedVersion reads the version of the record a form changes; a form
// for a new record posts none, which reads as 0. Anything else that is
// not a version Postgres can hold (its column is a 32-bit integer) also
// becomes 0, which matches no stored row and so shows the conflict screen
// instead of failing.
func postedVersion(r *http.Request) int {
	v, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("version")), 10, 32)
	if err != nil || v < 0 {
		return 0
	}
	return int(v)
}

// actorOf is who the audit log records for the request's changes.
func actorOf(r *http.Request) store.Actor {
	if u := userFrom(r); u != nil {
		return store.Actor{UserID: u.ID}
	}
	return store.System("anonymous")
}

// parseID reads a record id, which in every table is a positive integer;
// for anything else it gives 0 and false.
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// idParam reads a record id from a URL parameter; ok is false for anything
// else, which the caller answers with 404.
func idParam(r *http.Request, name string) (int64, bool) {
	return parseID(chi.URLParam(r, name))
}

// localPath returns p if it is a path on this site, else "": a login link or
// language switch must not send people on to another site. Browsers drop
// tabs and newlines from URLs and read a backslash as a slash, so "/\t/evil"
// and "/\\evil" would become "//evil", another host.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return ""
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return ""
		}
	}
	if u, err := url.Parse(p); err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return p
}

// clientIP is the address the request came from: the direct peer, or the
// client a trusted proxy named (see clientAddress).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
