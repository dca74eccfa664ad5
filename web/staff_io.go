package web

import (
	"strconv"

	"modellportalen/internal/importcsv"
	"modellportalen/internal/portal"
)

// ImportView is the import page of a round: the form and, once a file has
// been read, its preview.
type ImportView struct {
	Round  portal.Round
	Text   string            // the file's text, kept for the preview and the form
	Result *importcsv.Result // nil before a file has been read
	Errors Errors            // problems with the form itself (no file, too large)
	// Failed is set when a confirmed import was refused, so the page says
	// nothing was written.
	Failed bool
}

func (v ImportView) allErrors() Errors {
	errs := append(Errors{}, v.Errors...)
	if v.Result == nil {
		return errs
	}
	for _, e := range v.Result.Errors {
		errs.Add("text", e)
	}
	for _, r := range v.Result.Rows {
		for _, e := range r.Errors {
			errs.Add(rowID(r), "Rad "+strconv.Itoa(r.Line)+": "+e)
		}
	}
	return errs
}

func rowID(r importcsv.Row) string { return "rad-" + strconv.Itoa(r.Line) }

func importCounts(res *importcsv.Result) (string, bool) {
	added, existing, wrong := res.Counts()
	parts := []string{strconv.Itoa(added) + " läggs till", strconv.Itoa(existing) + " finns redan"}
	if wrong > 0 {
		parts = append(parts, strconv.Itoa(wrong)+" har fel")
	}
	rows := strconv.Itoa(len(res.Rows)) + " rader"
	if len(res.Rows) == 1 {
		rows = "1 rad"
	}
	return "Filen har " + rows + ": " + joinAnd(parts) + ".", added > 0
}

// importRole is the row's role by name, or as the file wrote it when it
// is not one.
func importRole(r importcsv.Row) string {
	if r.Role.Valid() {
		return RoleName(r.Role)
	}
	return r.RoleText
}

func importTrack(r importcsv.Row) string {
	if r.Track != "" {
		return trackName(r.Track)
	}
	return r.TrackText
}

func importKind(r importcsv.Row) string {
	switch r.MentorKind {
	case portal.MentorPrimary:
		return "Huvudmentor"
	case portal.MentorSupporting:
		return "Stödjande"
	}
	return r.KindText
}

func importOrg(r importcsv.Row) string {
	if r.Org.ID == 0 {
		return r.Organisation
	}
	if r.Org.SCBCode != "" {
		return r.Org.Name + " (" + r.Org.SCBCode + ")"
	}
	return r.Org.Name
}

const importExample = "organisation;roll;spår;grupp;mentorstyp\n" +
	"2480;mentor;kommun;Norrland;huvudmentor\n" +
	"Lycksele;deltagare;kommun;Norrland;\n" +
	"Vännäs;deltagare;kommun;Norrland;\n" +
	"Region Västerbotten;deltagare;region;;\n"
