package server

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// TestBrowserEveryStaffPageAxe opens every staff page the router has, as an
// admin, and audits it with axe-core; a new staff page without a value for
// its URL parameters fails the test until it is added here.
func TestBrowserEveryStaffPageAxe(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	app.addUser(t, portal.UserAdmin, "admin@skr.example")
	round := mustRound(t, app, "2019")
	fagersta := participationID(t, app, "2019", "fagersta")
	ov, _ := app.Store.RoundOverview(ctx, round)
	m, err := app.Store.SaveMeeting(ctx, store.System("test"), portal.LearningMeeting{RoundID: round.ID, HeldOn: mustDate("2019-03-12"), Place: "Fagersta",
		HostID: app.orgID(t, "fagersta")})
	if err != nil {
		t.Fatal(err)
	}
	task := addMinutesFor(t, app, m, app.orgID(t, "fagersta"))
	if _, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: fagersta, Level: portal.LevelStrategist, Name: "Stina Strateg"}); err != nil {
		t.Fatal(err)
	}
	// A delegate who named a substitute, for the person-data pages of a substitute.
	chef, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: fagersta, Level: portal.LevelManager,
		Name: "Carl Chef", Email: "carl@fagersta.example"})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SaveReply(ctx, store.System("test"), portal.Reply{MeetingID: m.ID, DelegateID: chef.ID, Answer: portal.ReplySubstitute,
		SubstituteName: "Eva Ersättare", SubstituteLevel: portal.LevelManager, SubstituteEmail: "eva@fagersta.example"}); err != nil {
		t.Fatal(err)
	}
	// A work proposed as a learning example, with an indicator and a
	// result, for the review page and the round's result summary.
	work, err := app.Store.SaveImprovementWork(ctx, store.System("test"), portal.ImprovementWork{ParticipationID: fagersta,
		Title: "Jämställd biståndsbedömning", Status: portal.WorkInProgress, Card: portal.WorkCard{ServiceArea: portal.AreaHomeCare,
			Inequality: "Kvinnor får färre timmar än män.", Baseline: "12 och 17 timmar.", Measures: "Genomgång av bedömningarna."}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.SaveIndicator(ctx, store.System("test"), portal.Indicator{WorkID: work.ID, Name: "Beviljade timmar",
		Unit: "timmar", Source: portal.SourceOwn, Values: []portal.IndicatorValue{{MeasuredOn: mustDate("2019-01-15"), Women: 12, Men: 17},
			{MeasuredOn: mustDate("2019-11-15"), Women: 15, Men: 16}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.SaveResult(ctx, store.System("test"), portal.WorkResult{WorkID: work.ID, Kind: portal.ResultOutcome,
		Description: "Bedömningarna utgår från behov.", Evidence: "Indikatorn."}); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SetPublication(ctx, store.System("test"), work.ID, work.Version, []portal.Publication{portal.PublicationDraft},
		portal.PublicationProposed, "", "propose"); err != nil {
		t.Fatal(err)
	}
	// A group with a mentor, so the mentor's pages are reached too.
	mentored := ov.Groups[0]
	for _, g := range ov.Groups {
		if len(g.Mentors) > 0 {
			mentored = g
			break
		}
	}
	values := map[string]string{
		"{work}":          strconv.FormatInt(work.ID, 10),
		"{round}":         strconv.FormatInt(round.ID, 10),
		"{participation}": strconv.FormatInt(fagersta, 10),
		"{group}":         strconv.FormatInt(mentored.ID, 10),
		"{organisation}":  strconv.FormatInt(mentored.Mentors[0].Organisation.ID, 10),
		"{meeting}":       strconv.FormatInt(m.ID, 10),
		"{outcome}":       strconv.FormatInt(task, 10),
		"{subject}":       "deltagare-" + strconv.FormatInt(fagersta, 10),
		"{table}":         "rounds",
		"{id}":            strconv.FormatInt(round.ID, 10),
	}
	var pages []string
	err = chi.Walk(app.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method != http.MethodGet || !strings.HasPrefix(route, "/personal") || strings.Contains(route, "/export/") || strings.HasSuffix(route, ".json") {
			return nil
		}
		path := route
		for param, v := range values {
			path = strings.ReplaceAll(path, param, v)
		}
		if strings.Contains(path, "{") {
			t.Errorf("staff page %s: no value for its parameters here", route)
			return nil
		}
		pages = append(pages, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, "/personal/personuppgifter?epost=stina%40fagersta.example", "/personal/personuppgifter?epost=inte-en-adress",
		"/personal/personuppgifter?epost=eva%40fagersta.example", "/personal/personuppgifter/ersattare?epost=eva%40fagersta.example")
	if len(pages) < 15 {
		t.Fatalf("only %d staff pages found: %v", len(pages), pages)
	}

	// SCREENSHOTS=dir keeps a picture of every page at 360 and 1366 px.
	shots := os.Getenv("SCREENSHOTS")
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "admin@skr.example", testPassword); status != http.StatusOK {
		t.Fatalf("login: %d", status)
	}
	for _, path := range pages {
		t.Run(path, func(t *testing.T) {
			if status := b.Visit(t, app.URL+path); status != http.StatusOK {
				t.Errorf("status %d", status)
			}
			if n := b.Count(t, "h1"); n != 1 {
				t.Errorf("%d h1 elements", n)
			}
			b.Axe(t)
			checkButtonContrast(t, b)
			checkFieldBorders(t, b)
			if shots != "" {
				name := strings.NewReplacer("/", "_", "?", "_", "=", "_", "%", "_").Replace(strings.TrimPrefix(path, "/"))
				for _, w := range []int{360, 1366} {
					b.Viewport(t, w, 900)
					b.Visit(t, app.URL+path)
					b.Screenshot(t, filepath.Join(shots, name+"-"+strconv.Itoa(w)+".png"))
				}
				b.Viewport(t, 1366, 900)
			}
		})
	}
	// A form with errors: the summary and field messages pass too.
	b.Visit(t, app.URL+"/personal/omgangar/ny")
	b.Fill(t, "#name", "")
	b.Fill(t, "#start_year", "x")
	b.Submit(t, "main form")
	if b.Count(t, ".error-summary") != 1 {
		t.Fatal("no error summary")
	}
	b.Axe(t)
}

func mustDate(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}
