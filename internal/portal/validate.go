package portal

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldErrors maps a form field's name to what is wrong with it, in the
// user's language. An empty map means the input is valid.
type FieldErrors map[string]string

// Add records msg for field unless the field already has an error.
func (e FieldErrors) Add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// OK reports whether there are no errors.
func (e FieldErrors) OK() bool { return len(e) == 0 }

// Required checks that a trimmed value is present and at most max
// characters. missing is the whole message for an empty value ("Ange ett
// namn."); label names the field in the length message ("namnet").
func (e FieldErrors) Required(field, value, missing, label string, max int) {
	if strings.TrimSpace(value) == "" {
		e.Add(field, missing)
		return
	}
	e.MaxLen(field, value, label, max)
}

// MaxLen checks an optional value's length.
func (e FieldErrors) MaxLen(field, value, label string, max int) {
	if utf8.RuneCountInString(value) > max {
		e.Add(field, strings.ToUpper(label[:1])+label[1:]+" får vara högst "+strconv.Itoa(max)+" tecken.")
	}
}

// Email checks an optional e-mail address.
func (e FieldErrors) Email(field, value string) {
	if value == "" {
		return
	}
	if !ValidEmail(value) {
		e.Add(field, "Ange en e-postadress i formen namn@exempel.se.")
	}
}

// ValidEmail is the portal's one rule for an e-mail address: a single bare
// address (no display name, no angle brackets) whose domain has a dot, as
// people type them in forms.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

var phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{5,20}[0-9]$`)

// Phone checks an optional Swedish or international phone number.
func (e FieldErrors) Phone(field, value string) {
	if value != "" && !phoneRE.MatchString(value) {
		e.Add(field, "Ange ett telefonnummer med siffror, till exempel 070-123 45 67 eller +46 70 123 45 67.")
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidStatus reports whether s is one of the statuses.
func ValidStatus(s Status) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// ValidTrack reports whether t is one of the tracks.
func ValidTrack(t Track) bool { return t == TrackMunicipal || t == TrackRegional }

// Validate checks a round as staff enter it.
func (r Round) Validate() FieldErrors {
	e := FieldErrors{}
	e.Required("name", r.Name, "Ange ett namn.", "namnet", 200)
	switch {
	case r.Slug == "":
		e.Add("slug", "Ange en kortadress, till exempel 2026-2027.")
	case !slugRE.MatchString(r.Slug) || len(r.Slug) > 40:
		e.Add("slug", "Kortadressen får bara innehålla a–z, siffror och bindestreck, högst 40 tecken.")
	}
	if r.StartYear < 2016 || r.StartYear > 2100 {
		e.Add("start_year", "Ange ett startår mellan 2016 och 2100.")
	}
	if r.EndYear < 2016 || r.EndYear > 2100 {
		e.Add("end_year", "Ange ett slutår mellan 2016 och 2100.")
	} else if r.EndYear < r.StartYear {
		e.Add("end_year", "Slutåret kan inte vara före startåret.")
	}
	if !ValidStatus(r.Status) {
		e.Add("status", "Välj en status.")
	}
	if len(r.Tracks) == 0 {
		e.Add("tracks", "Välj minst ett spår.")
	}
	for _, t := range r.Tracks {
		if !ValidTrack(t) {
			e.Add("tracks", "Välj bland spåren som finns.")
		}
	}
	e.MaxLen("description", r.Description, "beskrivningen", 5000)
	if r.ReminderDays < 0 || r.ReminderDays > 60 {
		e.Add("reminder_days", "Ange ett antal dagar från 0 till 60; 0 betyder ingen påminnelse.")
	}
	return e
}

// NextStatus is the status that follows s, or "" after completed.
func NextStatus(s Status) Status {
	for i, x := range Statuses {
		if x == s && i+1 < len(Statuses) {
			return Statuses[i+1]
		}
	}
	return ""
}
