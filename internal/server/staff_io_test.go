package server

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// roundPath is the staff path of the round with the slug, plus rest.
func (a *testApp) roundPath(t *testing.T, slug, rest string) (portal.Round, string) {
	t.Helper()
	r, err := a.Store.RoundBySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("round %s: %v", slug, err)
	}
	return r, "/personal/omgangar/" + strconv.FormatInt(r.ID, 10) + rest
}

// newImportRound adds an empty round for the import tests.
func (a *testApp) newImportRound(t *testing.T) portal.Round {
	t.Helper()
	r, err := a.Store.CreateRound(context.Background(), store.System("test"), portal.Round{Slug: "2026-2027",
		Name: "Modellkonceptet 2026–2027", StartYear: 2026, EndYear: 2027, Status: portal.StatusPlanned,
		Tracks: []portal.Track{portal.TrackMunicipal}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// postFile submits the import form as a browser does: multipart, with the
// file (if name is not empty), the textarea and the CSRF token.
func (c *client) postFile(path, name string, content []byte, text string) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.token())
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = mw.WriteField("text", text)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestStaffIOAccess(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@umea.example", "umeå")
	app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	_, base := app.roundPath(t, "2019", "")
	paths := []string{"/export/deltagare.csv", "/export/deltagare.xlsx", "/export/kontakter.csv",
		"/export/kontakter.xlsx", "/import"}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			anon := app.client(t).get(base + p)
			if anon.Status != http.StatusSeeOther || !strings.HasPrefix(anon.Location, "/logga-in") {
				t.Errorf("anonymous: %d to %q, want 303 to /logga-in", anon.Status, anon.Location)
			}
			contact := app.client(t)
			contact.login("kontakt@umea.example", testPassword)
			if res := contact.get(base + p); res.Status != http.StatusForbidden {
				t.Errorf("contact: %d, want 403", res.Status)
			}
			pl := app.client(t)
			pl.login("pl@skr.example", testPassword)
			if res := pl.get(base + p); res.Status != http.StatusOK {
				t.Errorf("project leader: %d, want 200", res.Status)
			}
		})
	}
	pl := app.client(t)
	pl.login("pl@skr.example", testPassword)
	if res := pl.get("/personal/omgangar/999999/export/deltagare.csv"); res.Status != http.StatusNotFound {
		t.Errorf("unknown round: %d, want 404", res.Status)
	}
	// The import's writes are refused without the CSRF token.
	if res := pl.postRaw(base+"/import/genomfor", url.Values{"text": {"x"}}, nil); res.Status != http.StatusForbidden {
		t.Errorf("import without CSRF token: %d, want 403", res.Status)
	}
}

func TestExports(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	pl := app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	c := app.client(t)
	c.login("pl@skr.example", testPassword)
	round, base := app.roundPath(t, "2019", "/export")

	var pid int64
	if err := app.Store.Pool.QueryRow(ctx, `SELECT id FROM participations WHERE round_id = $1 ORDER BY id LIMIT 1`, round.ID).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: pid,
		Level: portal.LevelStrategist, Name: "Anna Andersson", Title: "=HYPERLINK(\"http://x\")", Email: "anna@example.se"}); err != nil {
		t.Fatal(err)
	}

	res := c.get(base + "/deltagare.csv")
	if got := res.Header.Get("Content-Disposition"); got != `attachment; filename="deltagare-2019.csv"` {
		t.Errorf("Content-Disposition %q", got)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", res.Header)
	}
	if !strings.HasPrefix(res.Body, "\ufeffOrganisation;SCB-kod;Typ;Län;Spår;Roll;Grupp;Mentorer;") {
		t.Errorf("CSV starts %q", res.Body[:min(80, len(res.Body))])
	}
	if lines := strings.Count(res.Body, "\r\n"); lines < 10 {
		t.Errorf("only %d lines in the participant list of 2019", lines)
	}

	res = c.get(base + "/deltagare.xlsx")
	if got := res.Header.Get("Content-Disposition"); got != `attachment; filename="deltagare-2019.xlsx"` {
		t.Errorf("Content-Disposition %q", got)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("XLSX not readable: %v", err)
	}
	rows, _ := f.GetRows("Deltagare")
	f.Close()
	if len(rows) < 10 || rows[0][0] != "Organisation" {
		t.Errorf("XLSX rows %d, header %q", len(rows), rows[0])
	}

	res = c.get(base + "/kontakter.csv")
	if !strings.Contains(res.Body, `Jämställdhetsstrateg;Anna Andersson;"'=HYPERLINK(""http://x"")";;anna@example.se;`) {
		t.Errorf("contact list lacks the guarded delegate:\n%s", res.Body)
	}
	res = c.get(base + "/kontakter.xlsx")
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("XLSX contacts: %d %q", res.Status, res.Header.Get("Content-Type"))
	}

	// Each export of the contact list, and only those, is in the audit log.
	hist, err := app.Store.History(ctx, "rounds", round.ID)
	if err != nil {
		t.Fatal(err)
	}
	var formats []string
	for _, e := range hist {
		if e.Action == "export" {
			if e.After["export"] != "kontakter" || e.After["rows"] != float64(1) || e.Actor != "Test pl@skr.example (pl@skr.example)" {
				t.Errorf("audit entry %+v (user %d)", e, pl.ID)
			}
			formats = append(formats, e.After["format"].(string))
		}
	}
	if strings.Join(formats, ",") != "csv,xlsx" {
		t.Errorf("export audit entries for formats %q, want csv,xlsx", formats)
	}
}

const importCSV = "organisation;roll;spår;grupp;mentorstyp\r\n" +
	"0180;deltagare;kommun;Storstad;\r\n" +
	"Göteborg;deltagare;kommun;Storstad;\r\n" +
	"Umeå;mentor;kommun;Storstad;huvudmentor\r\n"

func TestImportPreviewAndCommit(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	c := app.client(t)
	c.login("pl@skr.example", testPassword)
	round := app.newImportRound(t)
	base := "/personal/omgangar/" + strconv.FormatInt(round.ID, 10) + "/import"
	count := func() (n int) {
		t.Helper()
		if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM participations WHERE round_id = $1`, round.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// A form with neither file nor text is sent back with the error by the field.
	res := c.postFile(base, "", nil, "")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#file"`) ||
		!strings.Contains(textOf(res.Body), "Välj en CSV-fil eller klistra in raderna.") {
		t.Errorf("empty form: %d %s", res.Status, textOf(res.Body))
	}

	// An uploaded file (Windows-1252 from Excel works too) gives a preview
	// and writes nothing.
	latin1, err := charmap.Windows1252.NewEncoder().String(importCSV)
	if err != nil {
		t.Fatal(err)
	}
	res = c.postFile(base, "deltagare.csv", []byte(latin1), "")
	page := textOf(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(page, "Filen har 3 rader: 3 läggs till och 0 finns redan.") ||
		!strings.Contains(page, "Göteborg (1480)") || !strings.Contains(res.Body, "Genomför import") {
		t.Fatalf("preview: %d %s", res.Status, page)
	}
	if n := count(); n != 0 {
		t.Fatalf("the preview wrote %d participations", n)
	}

	// A tampered or stale text is checked again and refused as a whole.
	bad := importCSV + "Ingenstans;deltagare;kommun;;\r\n"
	res = c.post(base+"/genomfor", url.Values{"text": {bad}})
	page = textOf(res.Body)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(page, "ingenting sparades") ||
		!strings.Contains(page, "Rad 5: Okänd organisation ”Ingenstans”") || !strings.Contains(res.Body, `href="#rad-5"`) {
		t.Errorf("import with an error: %d %s", res.Status, page)
	}
	if strings.Contains(res.Body, "Genomför import</button>") {
		t.Error("a file with errors can still be confirmed")
	}
	if n := count(); n != 0 {
		t.Fatalf("a refused import wrote %d participations", n)
	}

	// Confirming writes everything and says so on the round's page.
	res = c.post(base+"/genomfor", url.Values{"text": {importCSV}})
	if res.Status != http.StatusSeeOther || res.Location != base {
		t.Fatalf("confirm: %d to %q: %s", res.Status, res.Location, textOf(res.Body))
	}
	if res = c.get(base); !strings.Contains(textOf(res.Body), "Importen är klar: 3 antagna till omgången, 1 nya grupper, 2 gruppmedlemmar och 1 mentorskopplingar.") {
		t.Errorf("after the import: %s", textOf(res.Body))
	}
	if n := count(); n != 3 {
		t.Errorf("%d participations after the import, want 3", n)
	}

	// Pasting the same rows again finds them all stored: nothing to import.
	res = c.postFile(base, "", nil, importCSV)
	page = textOf(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(page, "3 finns redan") ||
		!strings.Contains(page, "det finns inget att importera") || strings.Contains(res.Body, "Genomför import</button>") {
		t.Errorf("second preview: %d %s", res.Status, page)
	}

	// The textarea keeps what was pasted when the file is malformed.
	res = c.postFile(base, "", nil, "organisation;roll\nUmeå;mentor\n")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "organisation;roll\nUmeå;mentor") ||
		!strings.Contains(textOf(res.Body), "Första raden ska vara rubrikraden") {
		t.Errorf("malformed paste: %d %s", res.Status, textOf(res.Body))
	}

	// A file over 1 MB is refused before it is read.
	res = c.postFile(base, "stor.csv", bytes.Repeat([]byte("x"), 1<<20+1), "")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(textOf(res.Body), "Filen är större än 1 MB") {
		t.Errorf("large file: %d %s", res.Status, textOf(res.Body))
	}
}

// The audit entry of a person-data lookup names whose data was read: the
// address searched for, the account's user id and the delegate entries.
func TestPersonDataLookupAuditNamesThePerson(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	anna := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	d, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: participationID(t, app, "2019", "fagersta"),
		Level: portal.LevelManager, Name: "Anna Chef", Email: "Anna@umea.example"})
	if err != nil {
		t.Fatal(err)
	}
	c := app.client(t)
	c.login(admin.Email, testPassword)
	for _, path := range []string{"/personal/personuppgifter?epost=anna@umea.example", "/personal/personuppgifter.json?epost=ANNA@umea.example",
		"/personal/personuppgifter?epost=ingen@umea.example"} {
		if res := c.get(path); res.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, res.Status)
		}
	}
	h, err := app.Store.History(ctx, "person_data", 0)
	if err != nil || len(h) != 3 {
		t.Fatalf("%d lookup entries, %v", len(h), err)
	}
	for i, want := range []struct {
		email     string
		userID    any
		delegates []any
	}{
		{"anna@umea.example", float64(anna.ID), []any{float64(d.ID)}},
		{"anna@umea.example", float64(anna.ID), []any{float64(d.ID)}},
		{"ingen@umea.example", nil, []any{}},
	} {
		a := h[i].After
		if a["email"] != want.email || a["user_id"] != want.userID || fmt.Sprint(a["delegate_ids"]) != fmt.Sprint(want.delegates) {
			t.Errorf("entry %d = %v; want email %s, user %v, delegates %v", i, a, want.email, want.userID, want.delegates)
		}
		if !strings.Contains(h[i].Actor, admin.Email) {
			t.Errorf("entry %d actor %q", i, h[i].Actor)
		}
	}
}
