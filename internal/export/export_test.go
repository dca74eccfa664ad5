package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"modellportalen/internal/portal"
)

func sample() Table {
	return Table{Sheet: "Lista", Columns: []Column{{Header: "Namn", Width: 20}, {Header: "Datum", Date: true}, {Header: "Not"}}, Rows: [][]string{
		{"Åre", "2019-03-01", "vanlig; med semikolon"},
		{"=HYPERLINK(\"http://x\")", "", "-2+3"},
		{"@SUM(A1)", "", "+46 70 123 45 67"},
		{"\tdolt", "", "\r=1"},
		{"Kalle,=1+2,x", "", "a;@b\nc"},
	}}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, sample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatalf("no byte order mark: %q", out[:10])
	}
	lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(out, "\ufeff"), "\r\n"), "\r\n")
	// Read back as encoding/csv (and a spreadsheet) reads it, every field
	// is one field, and none starts with a trigger.
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 6 || recs[5][0] != "Kalle,'=1+2,x" {
		t.Fatalf("read back: %q, %v", recs, err)
	}
	for _, sep := range []rune{',', '\t'} {
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
		recs, _ := r.ReadAll()
		for _, rec := range recs {
			for _, f := range rec {
				if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
					t.Errorf("with %q as separator a field starts a formula: %q", sep, f)
				}
			}
		}
	}
	want := []string{
		"Namn;Datum;Not",
		`Åre;2019-03-01;"vanlig; med semikolon"`,
		`"'=HYPERLINK(""http://x"")";;"'-2+3"`,
		`"'@SUM(A1)";;"'+46 70 123 45 67"`,
		"\"'\tdolt\";;\"'\r'=1\"",
		// Opened with the comma as separator, the quotes keep it one cell,
		// and a reader that ignores quotes still finds no formula.
		`"Kalle,'=1+2,x";;"a;'@b` + "\n" + `c"`,
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d: %q", len(lines), len(want), out)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], want[i])
		}
	}
	// A line break within a quoted field is the field's own.
	if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(out, "'@b\nc", ""), "\r\n", ""), "\n") {
		t.Error("bare LF line end")
	}
}

func TestDefuseFormula(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"Umeå":         "Umeå",
		"=1+1":         "'=1+1",
		"+1":           "'+1",
		"-1":           "'-1",
		"@x":           "'@x",
		"\t=1":         "'\t'=1",
		"\r=1":         "'\r'=1",
		"Kalle,=1+2,x": "Kalle,'=1+2,x",
		"a;-b":         "a;'-b",
		"x\n@y":        "x\n'@y",
		"1, 2":         "1, 2",
		"a=1":          "a=1",
		" =1":          " =1",
		"'redan":       "'redan",
		"2019-01-0":    "2019-01-0",
	} {
		if got := DefuseFormula(in); got != want {
			t.Errorf("DefuseFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("not readable: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Lista" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("Lista")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0][0] != "Namn" || rows[1][0] != "Åre" {
		t.Fatalf("rows %q", rows)
	}
	// Cells are text, never formulas, and are kept as typed.
	if rows[2][0] != `=HYPERLINK("http://x")` {
		t.Errorf("cell A3 = %q", rows[2][0])
	}
	if formula, _ := f.GetCellFormula("Lista", "A3"); formula != "" {
		t.Errorf("A3 became a formula %q", formula)
	}
	// Dates are real dates shown as ISO dates.
	if typ, _ := f.GetCellType("Lista", "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("date cell stored as text (type %v)", typ)
	}
	if v, _ := f.GetCellValue("Lista", "B2"); v != "2019-03-01" {
		t.Errorf("date shown as %q", v)
	}
	style, _ := f.GetCellStyle("Lista", "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header not bold")
	}
	panes, err := f.GetPanes("Lista")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth("Lista", "A"); w != 20 {
		t.Errorf("column A width %v, want 20", w)
	}
}

func TestParticipants(t *testing.T) {
	d := time.Date(2019, 2, 1, 0, 0, 0, 0, time.UTC)
	umea := portal.Organisation{ID: 1, Name: "Umeå", SCBCode: "2480", Kind: portal.Municipality, CountyName: "Västerbottens län"}
	lycksele := portal.Organisation{ID: 2, Name: "Lycksele", SCBCode: "2481", Kind: portal.Municipality}
	malmo := portal.Organisation{ID: 3, Name: "Malmö", SCBCode: "1280", Kind: portal.Municipality}
	mentor := portal.Participation{ID: 10, Organisation: umea, Role: portal.RoleMentor, Track: portal.TrackMunicipal}
	member := portal.Participation{ID: 11, Organisation: lycksele, Role: portal.RoleParticipant, Track: portal.TrackMunicipal,
		AdmittedOn: &d, DecisionOn: &d, DecisionReference: "KS 2019/12", Withdrawn: true, WithdrawnOn: &d, WithdrawalReason: "Resurser\nsaknas"}
	support := portal.Participation{ID: 12, Organisation: malmo, Role: portal.RoleMentor, Track: portal.TrackMunicipal}
	ov := portal.RoundOverview{
		Participations: []portal.Participation{mentor, support, member},
		Groups: []portal.BenchmarkingGroup{{Label: "Lycksele", Members: []portal.Participation{member},
			Mentors: []portal.Mentor{{Organisation: umea, Kind: portal.MentorPrimary}, {Organisation: malmo, Kind: portal.MentorSupporting}}}},
	}
	tab := Participants(ov)
	if len(tab.Rows) != 3 {
		t.Fatalf("%d rows", len(tab.Rows))
	}
	for _, row := range tab.Rows {
		if len(row) != len(tab.Columns) {
			t.Fatalf("row %q has %d cells for %d columns", row, len(row), len(tab.Columns))
		}
	}
	want := []string{"Lycksele", "2481", "Kommun", "", "Modellkommuner", "Deltagare", "Lycksele",
		"Umeå, Malmö (stödjande)", "2019-02-01", "2019-02-01", "KS 2019/12", "Ja", "2019-02-01", "Resurser saknas"}
	if got := tab.Rows[2]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("participant row\n got %q\nwant %q", got, want)
	}
	if got := tab.Rows[1][6]; got != "Lycksele (stödjande)" {
		t.Errorf("supporting mentor's groups %q", got)
	}
	if got := tab.Rows[0][5]; got != "Mentor" {
		t.Errorf("mentor's role %q", got)
	}
}

func TestContacts(t *testing.T) {
	tab := Contacts([]portal.RoundDelegate{{Organisation: "Umeå", Delegate: portal.Delegate{
		Level: portal.LevelStrategist, Name: "Anna Andersson", Title: "Strateg", Email: "anna@umea.se", Phone: "090-16 10 00"}}})
	want := []string{"Umeå", "Jämställdhetsstrateg", "Anna Andersson", "Strateg", "", "anna@umea.se", "090-16 10 00"}
	if len(tab.Rows) != 1 || strings.Join(tab.Rows[0], "|") != strings.Join(want, "|") {
		t.Errorf("rows %q", tab.Rows)
	}
}

func TestFileName(t *testing.T) {
	if got := FileName("deltagare", portal.Round{Slug: "2017-2018"}, "xlsx"); got != "deltagare-2017-2018.xlsx" {
		t.Errorf("got %q", got)
	}
}
