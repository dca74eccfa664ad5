package web

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

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

// Conflicts lists the fields where theirs, a record as someone else has
// just saved it, differs from yours, the same form as typed. A form states
// which of its fields count, and their names on the notice, in label tags;
// they are listed in the order the form type declares them, which is the
// order the page shows them. A form within the form (a work's card) is
// compared field by field. When no labelled field differs, because the
// other writer saved the same values or changed only what the form does
// not show, it lists the forms' versions, so the notice never shows an
// empty table.
func Conflicts[F any](theirs, yours F) []ConflictField {
	a, b := reflect.ValueOf(theirs), reflect.ValueOf(yours)
	out := differences(nil, a, b)
	if len(out) == 0 {
		out = []ConflictField{{Label: "Version", Theirs: a.FieldByName("Version").String(), Yours: b.FieldByName("Version").String()}}
	}
	return out
}

func differences(out []ConflictField, theirs, yours reflect.Value) []ConflictField {
	t := theirs.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		label, ok := f.Tag.Lookup("label")
		switch {
		case f.Type.Kind() == reflect.Struct:
			out = differences(out, theirs.Field(i), yours.Field(i))
		case ok:
			if a, b := shown(theirs.Field(i)), shown(yours.Field(i)); a != b {
				out = append(out, ConflictField{Label: label, Theirs: a, Yours: b})
			}
		}
	}
	return out
}

// shown is a form field's value as the conflict notice shows it.
func shown(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case string:
		return x
	case bool:
		if x {
			return "ja"
		}
		return "nej"
	case []string:
		// Ticked boxes: the stored record lists them by id, the form in
		// the page's order, so the same choice must read the same.
		x = slices.Clone(x)
		slices.Sort(x)
		return strings.Join(x, ", ")
	case fmt.Stringer:
		return x.String()
	}
	// A labelled field of another type is a mistake in the form's type,
	// which TestConflictsListTheLabelledFields finds.
	panic("web: a form field of type " + v.Type().String() + " cannot be shown in a conflict")
}
