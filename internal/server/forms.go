package server

// Reading posted forms: what the user typed, cleaned, and the problems with
// it in the order the fields stand; and the notice of someone else's change.

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// formText is the posted field, cleaned and cut to max characters.
func formText(r *http.Request, field string, max int) string {
	return cleanText(r.PostFormValue(field), max)
}

// formValues are the non-empty values of a repeated field (checkboxes,
// multiple selects), each cleaned.
func formValues(r *http.Request, field string) []string {
	var out []string
	for _, v := range r.PostForm[field] {
		if v = cleanText(v, 40); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// ids keeps the values that are record ids.
func ids(values []string) []int64 {
	out := []int64{}
	for _, v := range values {
		if id, ok := parseID(v); ok {
			out = append(out, id)
		}
	}
	return out
}

// formDate parses an optional yyyy-mm-dd date field; a bad one is reported
// against the field.
func formDate(errs *web.Errors, r *http.Request, field, label string) *time.Time {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < 1990 || t.Year() > 2100 {
		errs.Add(field, label+" ska vara ett datum i formen ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")
		return nil
	}
	return &t
}

// offeredOrganisation reports whether id, chosen in a form, is among the
// organisations the form offered.
func offeredOrganisation(orgs []portal.Organisation, id int64) bool {
	return slices.ContainsFunc(orgs, func(o portal.Organisation) bool { return o.ID == id })
}

// dateString is an optional date as a date field shows it.
func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// formErrors orders a domain validation's messages as the fields stand on
// the page, so the error summary reads top to bottom.
func formErrors(fe portal.FieldErrors, order ...string) web.Errors {
	var out web.Errors
	for _, f := range order {
		if msg, ok := fe[f]; ok {
			out.Add(f, msg)
		}
	}
	for f, msg := range fe {
		if out.Get(f) == "" {
			out.Add(f, msg)
		}
	}
	return out
}

// theirForm is the record someone else saved first, as its form shows it,
// when err says that a save of a T lost to that change. The form then shows
// it beside what the user typed (web.Conflicts) and takes its version, so
// that saving again overwrites the other change knowingly.
func theirForm[T, F any](err error, form func(T) F) (F, bool) {
	var conflict *store.ConflictError[T]
	if errors.As(err, &conflict) {
		return form(conflict.Current), true
	}
	var none F
	return none, false
}
