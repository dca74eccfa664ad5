package importcsv

import (
	"strings"
	"testing"

	"modellportalen/internal/portal"
)

const header = "organisation;roll;spår;grupp;mentorstyp\n"

func TestParseFile(t *testing.T) {
	tests := []struct {
		name, text string
		rows       int
		fileErr    string
	}{
		{"semicolons", header + "2480;deltagare;kommun;A;\n", 1, ""},
		{"commas", "organisation,roll,spår,grupp,mentorstyp\r\nUmeå,mentor,kommun,A,stödjande\r\n", 1, ""},
		{"byte order mark", "\ufeff" + header + "2480;deltagare;kommun;;\n", 1, ""},
		{"header in capitals without å", "Organisation;Roll;Spar;Grupp;Mentorstyp\n2480;deltagare;kommun;;\n", 1, ""},
		{"blank lines skipped", header + "\n2480;deltagare;kommun;;\n;;;;\n", 1, ""},
		{"quoted separator", header + "\"Umeå; kommun\";deltagare;kommun;;\n", 1, ""},
		{"empty", "  \n", 0, "Filen är tom."},
		{"header only", header, 0, "bara en rubrikrad"},
		{"no header", "2480;deltagare;kommun;;\n", 0, "Första raden ska vara rubrikraden"},
		{"bad quotes", header + "\"Umeå;deltagare;kommun;;\n", 0, "kontrollera citattecknen"},
		{"not UTF-8", header + "Ume\xe5;deltagare;kommun;;\n", 0, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Parse(tt.text)
			if tt.fileErr == "" && len(res.Errors) > 0 {
				t.Fatalf("file errors %q", res.Errors)
			}
			if tt.fileErr != "" && (len(res.Errors) == 0 || !strings.Contains(res.Errors[0], tt.fileErr)) {
				t.Fatalf("file errors %q, want %q", res.Errors, tt.fileErr)
			}
			if len(res.Rows) != tt.rows {
				t.Fatalf("%d rows, want %d", len(res.Rows), tt.rows)
			}
		})
	}
}

func TestParseRow(t *testing.T) {
	tests := []struct {
		line  string
		err   string
		role  portal.Role
		track portal.Track
		kind  portal.MentorKind
	}{
		{"2480;deltagare;kommun;A;", "", portal.RoleParticipant, portal.TrackMunicipal, ""},
		{"Region Skåne;Deltagare;Region;;", "", portal.RoleParticipant, portal.TrackRegional, ""},
		{"Umeå;mentor;kommun;A;", "", portal.RoleMentor, portal.TrackMunicipal, portal.MentorPrimary},
		{"Umeå;mentor;kommun;A;Stödjande", "", portal.RoleMentor, portal.TrackMunicipal, portal.MentorSupporting},
		{"Umeå;mentor;kommun;;", "", portal.RoleMentor, portal.TrackMunicipal, ""},
		{"2480;deltagare;kommun;A", "Raden har 4 fält men ska ha 5", "", "", ""},
		{"2480;deltagare;kommun;A;;x", "Raden har 6 fält", "", "", ""},
		{";deltagare;kommun;;", "Ange organisationens", portal.RoleParticipant, portal.TrackMunicipal, ""},
		{"2480;medlem;kommun;;", "Roll ska vara", "", portal.TrackMunicipal, ""},
		{"2480;deltagare;landsting;;", "Spår ska vara", portal.RoleParticipant, "", ""},
		{"2480;deltagare;kommun;A;huvudmentor", "bara för mentorer", portal.RoleParticipant, portal.TrackMunicipal, ""},
		{"Umeå;mentor;kommun;;stödjande", "Ange vilken grupp", portal.RoleMentor, portal.TrackMunicipal, ""},
		{"Umeå;mentor;kommun;A;bästa", "Mentorstyp ska vara", portal.RoleMentor, portal.TrackMunicipal, ""},
		{"2480;deltagare;kommun;" + strings.Repeat("x", 101) + ";", "högst 100 tecken", portal.RoleParticipant, portal.TrackMunicipal, ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			res := Parse(header + tt.line + "\n")
			if len(res.Errors) > 0 || len(res.Rows) != 1 {
				t.Fatalf("file errors %q, %d rows", res.Errors, len(res.Rows))
			}
			r := res.Rows[0]
			if r.Line != 2 {
				t.Errorf("line %d, want 2", r.Line)
			}
			if tt.err == "" && len(r.Errors) > 0 {
				t.Fatalf("errors %q", r.Errors)
			}
			if tt.err != "" && (len(r.Errors) == 0 || !strings.Contains(strings.Join(r.Errors, " "), tt.err)) {
				t.Fatalf("errors %q, want %q", r.Errors, tt.err)
			}
			if r.Role != tt.role || r.Track != tt.track || r.MentorKind != tt.kind {
				t.Errorf("got %q %q %q, want %q %q %q", r.Role, r.Track, r.MentorKind, tt.role, tt.track, tt.kind)
			}
		})
	}
}

var (
	umea     = portal.Organisation{ID: 1, Kind: portal.Municipality, Name: "Umeå", SCBCode: "2480"}
	lycksele = portal.Organisation{ID: 2, Kind: portal.Municipality, Name: "Lycksele", SCBCode: "2481"}
	vannas   = portal.Organisation{ID: 3, Kind: portal.Municipality, Name: "Vännäs", SCBCode: "2460"}
	skane    = portal.Organisation{ID: 4, Kind: portal.Region, Name: "Region Skåne", SCBCode: "12"}
	malmo    = portal.Organisation{ID: 5, Kind: portal.Municipality, Name: "Malmö", SCBCode: "1280"}
	hedemora = portal.Organisation{ID: 6, Kind: portal.Municipality, Name: "Hedemora", SCBCode: "2083"}
	twin1    = portal.Organisation{ID: 7, Kind: portal.Association, Name: "Förbundet"}
	twin2    = portal.Organisation{ID: 8, Kind: portal.Association, Name: "förbundet"}
)

func state() State {
	return State{
		Round:          portal.Round{StartYear: 2020, Tracks: []portal.Track{portal.TrackMunicipal}},
		Organisations:  []portal.Organisation{umea, lycksele, vannas, skane, malmo, hedemora, twin1, twin2},
		TookPartBefore: map[int64]bool{umea.ID: true},
		Participations: []portal.Participation{
			{Organisation: hedemora, Role: portal.RoleParticipant, Track: portal.TrackMunicipal},
			{Organisation: malmo, Role: portal.RoleParticipant, Track: portal.TrackMunicipal},
			{Organisation: umea, Role: portal.RoleMentor, Track: portal.TrackMunicipal},
		},
		Groups: []portal.BenchmarkingGroup{{Label: "Dalarna", Track: portal.TrackMunicipal,
			Members: []portal.Participation{{Organisation: hedemora}},
			Mentors: []portal.Mentor{{Organisation: umea, Kind: portal.MentorPrimary}}}},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		rows   string
		errs   []string // per row, "" for none
		warns  []string
		exists []bool
	}{
		{"new rows matched by code and by name in any case",
			"2481;deltagare;kommun;Norr;\nVÄNNÄS;deltagare;kommun;Norr;\numeå;mentor;kommun;Norr;\n",
			[]string{"", "", ""}, []string{"", "", ""}, []bool{false, false, false}},
		{"stored rows count as existing, not errors",
			"Hedemora;deltagare;kommun;dalarna;\nUmeå;mentor;kommun;Dalarna;\nMalmö;deltagare;kommun;;\nUmeå;mentor;kommun;;\n",
			[]string{"", "", "", ""}, []string{"", "", "", ""}, []bool{true, true, true, true}},
		{"unknown organisation",
			"9999;deltagare;kommun;;\nUmeåå;deltagare;kommun;;\nförbundet;deltagare;kommun;;\n",
			[]string{"Ingen organisation har SCB-koden 9999", "Okänd organisation ”Umeåå”", "Flera organisationer"}, nil, nil},
		{"duplicates in the file",
			"Lycksele;deltagare;kommun;A;\n2481;deltagare;kommun;A;\nUmeå;mentor;kommun;A;\numeå;mentor;kommun;a;stödjande\n",
			[]string{"", "står redan som deltagare på rad 2", "", "Samma mentor och grupp står redan på rad 4"}, nil, nil},
		{"track the round lacks",
			"Region Skåne;deltagare;region;;\n",
			[]string{"Omgången har inte spåret Modellregioner"}, nil, nil},
		{"in another group already",
			"Hedemora;deltagare;kommun;Annan;\n",
			[]string{"är redan med i gruppen Dalarna"}, nil, nil},
		{"group larger than three is a warning",
			"Lycksele;deltagare;kommun;Dalarna;\nVännäs;deltagare;kommun;Dalarna;\nMalmö;deltagare;kommun;Dalarna;\n",
			[]string{"", "", ""}, []string{"får 4 medlemmar", "får 4 medlemmar", "får 4 medlemmar"}, []bool{false, false, false}},
		{"mentor without an earlier round is a warning",
			"Lycksele;mentor;kommun;Dalarna;stödjande\n",
			[]string{""}, []string{"har inte deltagit i någon tidigare omgång"}, []bool{false}},
		{"region in the municipal track is a warning",
			"12;deltagare;kommun;;\n",
			[]string{""}, []string{"stämmer det?"}, []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Parse(header + tt.rows)
			res.Check(state())
			if len(res.Rows) != len(tt.errs) {
				t.Fatalf("%d rows, want %d", len(res.Rows), len(tt.errs))
			}
			for i, r := range res.Rows {
				got := strings.Join(r.Errors, " ")
				if tt.errs[i] == "" && got != "" || !strings.Contains(got, tt.errs[i]) {
					t.Errorf("row %d errors %q, want %q", r.Line, got, tt.errs[i])
				}
				if tt.warns != nil {
					got := strings.Join(r.Warnings, " ")
					if tt.warns[i] == "" && got != "" || !strings.Contains(got, tt.warns[i]) {
						t.Errorf("row %d warnings %q, want %q", r.Line, got, tt.warns[i])
					}
				}
				if tt.exists != nil && r.Exists != tt.exists[i] {
					t.Errorf("row %d exists %v, want %v", r.Line, r.Exists, tt.exists[i])
				}
			}
			wantOK := strings.Join(tt.errs, "") == ""
			if res.OK() != wantOK {
				t.Errorf("OK() = %v, want %v", res.OK(), wantOK)
			}
		})
	}
}

func TestCheckUsesStoredLabel(t *testing.T) {
	res := Parse(header + "Lycksele;deltagare;kommun;DALARNA;\n")
	res.Check(state())
	if got := res.Rows[0].Group; got != "Dalarna" {
		t.Errorf("group %q, want the stored label Dalarna", got)
	}
	if added, existing, wrong := res.Counts(); added != 1 || existing != 0 || wrong != 0 {
		t.Errorf("counts %d %d %d", added, existing, wrong)
	}
}

func TestNames(t *testing.T) {
	res := Parse(header + "2480;deltagare;kommun;;\nRegion Skåne;deltagare;kommun;;\n12;deltagare;kommun;;\n")
	names, codes := res.Names()
	if strings.Join(names, ",") != "region skåne" || strings.Join(codes, ",") != "2480,12" {
		t.Errorf("names %q codes %q", names, codes)
	}
}

func TestDecode(t *testing.T) {
	for in, want := range map[string]string{
		"Umeå;Vännäs":          "Umeå;Vännäs",
		"Ume\xe5;V\xe4nn\xe4s": "Umeå;Vännäs",
		"\ufeffUmeå":           "\ufeffUmeå",
	} {
		if got := Decode([]byte(in)); got != want {
			t.Errorf("Decode(%q) = %q, want %q", in, got, want)
		}
	}
}
