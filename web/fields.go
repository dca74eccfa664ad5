package web

// Option is one choice of a select, radio group or checkbox group.
type Option struct {
	Value, Label string
	Selected     bool
}

// ConflictField is one field that differs between the stored record and
// the form.
type ConflictField struct {
	Label, Theirs, Yours string
}
