package importcsv

import (
	"strings"
	"testing"
	"unicode/utf8"

	"modellportalen/internal/portal"
)

// FuzzParse feeds arbitrary uploads through Decode and Parse, then Check
// against a small round. Its seeds run with every `go test`; to search for
// new failing inputs run
//
//	go test ./internal/importcsv -run '^$' -fuzz '^FuzzParse$' -fuzztime 20s
//
// and commit what it finds under testdata/fuzz as a regression seed.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		header + "2480;deltagare;kommun;A;\n",
		"organisation,roll,spår,grupp,mentorstyp\r\nUmeå,mentor,kommun,A,stödjande\r\n",
		"\ufeff" + header + "Umeå;mentor;kommun;A;huvudmentor\n2480;deltagare;kommun;A;\n",
		header + "\"Umeå; kommun\";deltagare;kommun;;\n",
		header + "\"Umeå;deltagare;kommun;;\n",
		header + "Ume\xe5;deltagare;kommun;;\n",
		header + "<script>alert(1)</script>;deltagare;kommun;'; DROP TABLE rounds; --;\n",
		header + "Umeå;deltagare;kommun;a\x00b;\n",
		header + "\xff\xfe;deltagare;kommun;;\n",
		header + "2480;deltagare;kommun;" + strings.Repeat("å", 101) + ";\n",
		header + ";\n;;;;;;\n\"\"\"\";x;y;z;w\n",
		"",
		"\ufeff",
		"a\x00b",
	} {
		f.Add([]byte(s))
	}
	umea := portal.Organisation{ID: 1, Kind: portal.Municipality, Name: "Umeå", Slug: "umeå", SCBCode: "2480"}
	f.Fuzz(func(t *testing.T, b []byte) {
		text := Decode(b)
		if !utf8.ValidString(text) {
			t.Fatalf("Decode gave invalid UTF-8 for %q", b)
		}
		res := Parse(text)
		if len(res.Rows) > MaxRows {
			t.Errorf("%d rows, more than %d", len(res.Rows), MaxRows)
		}
		if len(res.Errors) == 0 && len(res.Rows) == 0 {
			t.Error("no rows and no error")
		}
		if len(res.Errors) == 0 && strings.ContainsRune(text, 0) {
			t.Error("a file with a NUL, which Postgres refuses, was accepted")
		}
		for _, r := range res.Rows {
			if r.Line < 2 {
				t.Errorf("row at line %d", r.Line)
			}
			if !r.OK() {
				continue
			}
			if r.Organisation == "" || (r.Role != portal.RoleParticipant && r.Role != portal.RoleMentor) ||
				!portal.ValidTrack(r.Track) || utf8.RuneCountInString(r.Group) > 100 {
				t.Errorf("accepted row %+v", r)
			}
		}
		res.Check(State{Round: portal.Round{ID: 1, Slug: "2026", StartYear: 2026, EndYear: 2027,
			Tracks: []portal.Track{portal.TrackMunicipal}}, Organisations: []portal.Organisation{umea}})
		for _, r := range res.Rows {
			if r.OK() && r.Org.ID != umea.ID {
				t.Errorf("row %d accepted without a known organisation: %+v", r.Line, r)
			}
		}
	})
}
