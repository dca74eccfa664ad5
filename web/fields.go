package web

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
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

// Names are the names of the records a form refers to by id, by the kind
// of record its field's ids tag gives, so that a conflict notice shows
// "Fagersta", not "412". An id without a name is shown as it is.
type Names map[string]map[string]string

// Conflicts lists the fields where theirs, a record as someone else has
// just saved it, differs from yours, the same form as typed. A form states
// which of its fields count, and their names on the notice, in label tags;
// they are listed in the order the form type declares them, which is the
// order the page shows them. A form within the form (a work's card) is
// compared field by field. When no labelled field differs, because the
// other writer saved the same values or changed only what the form does
// not show, it lists the forms' versions, so the notice never shows an
// empty table.
func Conflicts[F any](theirs, yours F, names Names) []ConflictField {
	a, b := reflect.ValueOf(theirs), reflect.ValueOf(yours)
	out := differences(nil, a, b, names)
	if len(out) == 0 {
		version := func(v reflect.Value) string { return strconv.FormatInt(v.FieldByName("Version").Int(), 10) }
		out = []ConflictField{{Label: "Version", Theirs: version(a), Yours: version(b)}}
	}
	return out
}

func differences(out []ConflictField, theirs, yours reflect.Value, names Names) []ConflictField {
	t := theirs.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		label, ok := f.Tag.Lookup("label")
		switch {
		case f.Type.Kind() == reflect.Struct:
			out = differences(out, theirs.Field(i), yours.Field(i), names)
		case ok && shown(theirs.Field(i), nil) != shown(yours.Field(i), nil):
			named := names[f.Tag.Get("ids")]
			out = append(out, ConflictField{Label: label, Theirs: shown(theirs.Field(i), named), Yours: shown(yours.Field(i), named)})
		}
	}
	return out
}

// shown is a form field's value as the conflict notice shows it, with the
// ids that have a name in named replaced by it.
func shown(v reflect.Value, named map[string]string) string {
	name := func(x string) string {
		if n, ok := named[x]; ok {
			return n
		}
		return x
	}
	switch x := v.Interface().(type) {
	case string:
		return name(x)
	case bool:
		if x {
			return "ja"
		}
		return "nej"
	case []string:
		// Ticked boxes: the stored record lists them by id, the form in
		// the page's order, so the same choice must read the same.
		out := make([]string, len(x))
		for i, id := range x {
			out[i] = name(id)
		}
		slices.Sort(out)
		return strings.Join(out, ", ")
	case fmt.Stringer:
		return x.String()
	}
	// A labelled field of another type is a mistake in the form's type,
	// which TestConflictsListTheLabelledFields finds.
	panic("web: a form field of type " + v.Type().String() + " cannot be shown in a conflict")
}
