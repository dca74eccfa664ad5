package web

import (
	"reflect"
	"slices"
	"testing"
)

// filled is a form with a value in every field, so that it differs from
// the empty form in every field a conflict can show.
func filled[F any]() F {
	var f F
	fill(reflect.ValueOf(&f).Elem())
	return f
}

func fill(v reflect.Value) {
	for i := range v.NumField() {
		switch x := v.Field(i); x.Interface().(type) {
		case string:
			x.SetString("x")
		case bool:
			x.SetBool(true)
		case []string:
			x.Set(reflect.ValueOf([]string{"1", "2"}))
		case IndicatorRows:
			x.Set(reflect.ValueOf(IndicatorRows{{Date: "2026-01-01", Women: "3", Men: "4"}}))
		default:
			if x.Kind() == reflect.Struct {
				fill(x)
			}
		}
	}
}

func labels(fields []ConflictField) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Label)
	}
	return out
}

// TestConflictsListTheLabelledFields pins which fields each form's conflict
// notice compares, and in which order: those of the page, top to bottom.
func TestConflictsListTheLabelledFields(t *testing.T) {
	card := []string{"Verksamhetsområde", "Ojämställdheten", "Utgångsläge", "Åtgärder", "Brukare: kvinnor", "Brukare: män",
		"Personal: kvinnor", "Personal: män", "Beslutsfattare: kvinnor", "Beslutsfattare: män", "Resurser", "Realia", "Krav"}
	tests := []struct {
		form string
		got  []ConflictField
		want []string
	}{
		{"delegate", Conflicts(filled[DelegateForm](), DelegateForm{}, nil),
			[]string{"Nivå", "Namn", "Titel", "Parti", "E-post", "Telefon"}},
		{"work", Conflicts(filled[WorkForm](), WorkForm{}, nil),
			append([]string{"Rubrik", "Område", "Status", "Beskrivning", "Startdatum", "Uppföljningsdatum", "Uppföljning"}, card...)},
		{"meeting", Conflicts(filled[MeetingForm](), MeetingForm{}, nil),
			[]string{"Typ", "Datum", "Börjar", "Slutar", "Plats", "Adress", "Länk", "Värd", "För", "Program",
				"Skäl till datum utanför omgången", "Närvaro", "Ersättare som kom"}},
		{"indicator", Conflicts(filled[IndicatorForm](), IndicatorForm{}, nil),
			[]string{"Namn", "Enhet", "Källa", "Kolada-id", "Om källan", "Värden"}},
		{"result", Conflicts(filled[ResultForm](), ResultForm{}, nil), []string{"Typ", "Resultat", "Underlag"}},
		{"round", Conflicts(filled[RoundForm](), RoundForm{}, nil),
			[]string{"Namn", "Kortadress", "Startår", "Slutår", "Status", "Spår", "Projektledare", "Beskrivning", "Påminnelse, dagar före"}},
		{"participation", Conflicts(filled[ParticipationForm](), ParticipationForm{}, nil),
			[]string{"Antagen den", "Beslutsdatum", "Beslutsreferens", "Avbrutet", "Avbrutet den", "Orsak", "Anteckning"}},
		{"group", Conflicts(filled[GroupForm](), GroupForm{}, nil), []string{"Namn", "Spår", "Fokusområde", "Förvaltning", "Deltagare"}},
		{"role and track", Conflicts(filled[RoleTrackForm](), RoleTrackForm{}, nil), []string{"Roll", "Spår"}},
		{"minutes", Conflicts(filled[MinutesForm](), MinutesForm{}, nil), []string{"Protokoll"}},
	}
	for _, tt := range tests {
		if got := labels(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s: conflict lists %q, want %q", tt.form, got, tt.want)
		}
	}
}

func TestConflictsShowValuesAndFallBackToVersions(t *testing.T) {
	theirs := IndicatorForm{Version: 4, Name: "Väntetid", Rows: IndicatorRows{
		{Date: "2025-01-01", Women: "12", Men: "9"}, {}, {Date: "2026-01-01", Women: "10", Men: "10", Total: "20"}}}
	yours := IndicatorForm{Version: 3, Name: "Väntetid i dagar", Rows: theirs.Rows[:1]}
	want := []ConflictField{
		{Label: "Namn", Theirs: "Väntetid", Yours: "Väntetid i dagar"},
		{Label: "Värden", Theirs: "2025-01-01: kvinnor 12, män 9; 2026-01-01: kvinnor 10, män 10, totalt 20", Yours: "2025-01-01: kvinnor 12, män 9"},
	}
	if got := Conflicts(theirs, yours, nil); !slices.Equal(got, want) {
		t.Errorf("indicator conflict = %q, want %q", got, want)
	}
	got := Conflicts(ParticipationForm{Version: 8, Withdrawn: true, Note: "Samma"}, ParticipationForm{Version: 7, Note: "Samma"}, nil)
	if want := []ConflictField{{Label: "Avbrutet", Theirs: "ja", Yours: "nej"}}; !slices.Equal(got, want) {
		t.Errorf("participation conflict = %q, want %q", got, want)
	}
	// The same boxes ticked, listed in another order (by id as stored, by
	// name as the page shows them), are the same choice.
	got = Conflicts(RoundForm{ID: 3, Version: 5, Name: "2019", Tracks: []string{"municipal", "regional"}, Leaders: []string{"3", "12"}},
		RoundForm{Version: 4, Name: "2019", Tracks: []string{"regional", "municipal"}, Leaders: []string{"12", "3"}}, nil)
	if want := []ConflictField{{Label: "Version", Theirs: "5", Yours: "4"}}; !slices.Equal(got, want) {
		t.Errorf("a change the form does not show = %q, want the versions %q", got, want)
	}
}

// TestConflictsNameWhatFormsReferToByID: a notice shows the names of the
// delegates and hosts a meeting form refers to by id, in name order, and an
// id it has no name for as it is.
func TestConflictsNameWhatFormsReferToByID(t *testing.T) {
	names := Names{
		"delegates":     {"7": "Stina Strateg (Fagersta)", "9": "Anna Andersson (Avesta)"},
		"organisations": {"412": "Fagersta"},
	}
	got := Conflicts(MeetingForm{Version: 3, HostID: "412", Attendees: []string{"7", "9"}},
		MeetingForm{Version: 2, HostID: "", Attendees: []string{"7", "15"}}, names)
	want := []ConflictField{
		{Label: "Värd", Theirs: "Fagersta", Yours: ""},
		{Label: "Närvaro", Theirs: "Anna Andersson (Avesta), Stina Strateg (Fagersta)", Yours: "15, Stina Strateg (Fagersta)"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("meeting conflict = %q, want %q", got, want)
	}
}
