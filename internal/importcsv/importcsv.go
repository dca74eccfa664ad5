// Package importcsv reads the file staff upload to fill a round with
// participants, mentors and groups, and checks each of its rows against the
// round as it stands, so that staff see a preview with every problem before
// anything is written. It knows nothing of HTTP or SQL: the store loads the
// State that Check needs and writes what a clean file says.
//
// The format is CSV with a header row and five columns:
//
//	organisation;roll;spår;grupp;mentorstyp
//	2480;deltagare;kommun;Norrland;
//	Lycksele;deltagare;kommun;Norrland;
//	Umeå;mentor;kommun;Norrland;huvudmentor
//
// organisation is the SCB code or the exact name (any case); roll is
// deltagare or mentor; spår is kommun or region; grupp is the
// benchmarking group's label, optional (for a mentor, the group it guides);
// mentorstyp is huvudmentor (the default) or stödjande, for mentors only.
// Fields are separated by semicolons (as Swedish Excel saves) or commas; the
// file is UTF-8, with or without a byte order mark.
package importcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"modellportalen/internal/portal"
)

// Header is the file's first row.
var Header = []string{"organisation", "roll", "spår", "grupp", "mentorstyp"}

// Limits on what one import may hold.
const (
	MaxBytes = 1 << 20
	MaxRows  = 2000
)

// Row is one data row of the file: what it says, the organisation it names
// once matched, and what checking it found.
type Row struct {
	Line         int // line in the file, counting the header as 1
	Organisation string
	RoleText     string
	TrackText    string
	Group        string // label as written, or as stored when the group exists
	KindText     string

	Role       portal.Role
	Track      portal.Track
	MentorKind portal.MentorKind // empty for participants and mentors without group
	Org        portal.Organisation

	// Exists is set when everything the row says is already stored, so
	// importing it again changes nothing.
	Exists   bool
	Errors   []string
	Warnings []string
}

// OK reports whether the row has no errors.
func (r Row) OK() bool { return len(r.Errors) == 0 }

func (r *Row) fail(format string, args ...any) {
	r.Errors = append(r.Errors, fmt.Sprintf(format, args...))
}
func (r *Row) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// Result is a parsed and checked file.
type Result struct {
	Rows   []Row
	Errors []string // problems with the file as a whole
}

// OK reports whether the file and every row are free of errors, so the
// import may be carried out.
func (res Result) OK() bool {
	if len(res.Errors) > 0 {
		return false
	}
	for _, r := range res.Rows {
		if !r.OK() {
			return false
		}
	}
	return true
}

// Counts says how many rows are new, already stored and wrong.
func (res Result) Counts() (added, existing, wrong int) {
	for _, r := range res.Rows {
		switch {
		case !r.OK():
			wrong++
		case r.Exists:
			existing++
		default:
			added++
		}
	}
	return
}

// Decode turns an uploaded file into text. A file that is not UTF-8 is read
// as Windows-1252, which is what Excel's plain "CSV (semikolonavgränsad)"
// saves on a Swedish Windows; every byte sequence is valid in it, so å, ä
// and ö come through either way.
func Decode(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return string(b)
	}
	return string(out)
}

// Parse reads the file's text. Problems with a row are recorded on it;
// problems that make the file unreadable are in Result.Errors.
func Parse(text string) Result {
	var res Result
	text = strings.TrimPrefix(text, "\ufeff")
	if !utf8.ValidString(text) {
		res.Errors = append(res.Errors, "Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” och försök igen.")
		return res
	}
	// Postgres refuses a NUL in text, so a cell holding one could never be
	// looked up or stored.
	if strings.ContainsRune(text, 0) {
		res.Errors = append(res.Errors, "Filen innehåller tecken som inte hör hemma i en textfil (NUL). Spara den som ”CSV UTF-8” och försök igen.")
		return res
	}
	if strings.TrimSpace(text) == "" {
		res.Errors = append(res.Errors, "Filen är tom.")
		return res
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = separator(text)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		res.Errors = append(res.Errors, readError(err))
		return res
	}
	if !isHeader(header) {
		res.Errors = append(res.Errors, "Första raden ska vara rubrikraden "+strings.Join(Header, ";")+".")
		return res
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			res.Errors = append(res.Errors, readError(err))
			return res
		}
		if blank(rec) {
			continue
		}
		if len(res.Rows) == MaxRows {
			res.Errors = append(res.Errors, "Filen har fler än "+strconv.Itoa(MaxRows)+" rader. Dela upp den.")
			return res
		}
		line, _ := cr.FieldPos(0)
		res.Rows = append(res.Rows, parseRow(line, rec))
	}
	if len(res.Rows) == 0 {
		res.Errors = append(res.Errors, "Filen har bara en rubrikrad och inga rader att importera.")
	}
	return res
}

// separator picks the semicolon or the comma, whichever the header row
// uses; Swedish Excel saves with semicolons, most other tools with commas.
func separator(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, ",") > strings.Count(first, ";") {
		return ','
	}
	return ';'
}

func readError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("Rad %d går inte att läsa: kontrollera citattecknen.", pe.Line)
	}
	return "Filen går inte att läsa som CSV."
}

func isHeader(rec []string) bool {
	if len(rec) != len(Header) {
		return false
	}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		if h != Header[i] && !(Header[i] == "spår" && h == "spar") {
			return false
		}
	}
	return true
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func parseRow(line int, rec []string) Row {
	r := Row{Line: line}
	if len(rec) != len(Header) {
		r.Organisation = strings.TrimSpace(rec[0])
		r.fail("Raden har %d fält men ska ha %d: %s.", len(rec), len(Header), strings.Join(Header, ";"))
		return r
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	r.Organisation, r.RoleText, r.TrackText, r.Group, r.KindText = rec[0], rec[1], rec[2], rec[3], rec[4]
	if r.Organisation == "" {
		r.fail("Ange organisationens SCB-kod eller namn.")
	}
	switch strings.ToLower(r.RoleText) {
	case "deltagare":
		r.Role = portal.RoleParticipant
	case "mentor":
		r.Role = portal.RoleMentor
	default:
		r.fail("Roll ska vara deltagare eller mentor.")
	}
	switch strings.ToLower(r.TrackText) {
	case "kommun", "kommuner", "modellkommuner":
		r.Track = portal.TrackMunicipal
	case "region", "regioner", "modellregioner":
		r.Track = portal.TrackRegional
	default:
		r.fail("Spår ska vara kommun eller region.")
	}
	if utf8.RuneCountInString(r.Group) > 100 {
		r.fail("Gruppens namn får vara högst 100 tecken.")
	}
	kind := strings.ToLower(r.KindText)
	switch {
	case r.Role == portal.RoleParticipant && kind != "":
		r.fail("Mentorstyp anges bara för mentorer.")
	case r.Role == portal.RoleMentor && kind != "" && r.Group == "":
		r.fail("Ange vilken grupp mentorn ska stödja, eller lämna mentorstypen tom.")
	case r.Role == portal.RoleMentor && r.Group != "":
		switch kind {
		case "", "huvudmentor", "huvud", "primär":
			r.MentorKind = portal.MentorPrimary
		case "stödjande", "stöd", "stodjande":
			r.MentorKind = portal.MentorSupporting
		default:
			r.fail("Mentorstyp ska vara huvudmentor eller stödjande.")
		}
	}
	return r
}

// Names returns the organisation names and SCB codes the rows name, for the
// store to look up.
func (res Result) Names() (names, codes []string) {
	for _, r := range res.Rows {
		if r.Organisation == "" {
			continue
		}
		if isCode(r.Organisation) {
			codes = append(codes, r.Organisation)
		} else {
			names = append(names, strings.ToLower(r.Organisation))
		}
	}
	return names, codes
}

func isCode(s string) bool {
	if len(s) != 2 && len(s) != 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
