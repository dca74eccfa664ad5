package server

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// phoneWidths are the narrowest common phones (320 px, an iPhone SE of the
// first kind) and the most common Android width; every page must fit both.
var phoneWidths = []int{320, 360}

// routeAudience says who opens a GET route: the public, a contact person,
// staff, or someone between password and second factor ("verify"); "" for
// routes that are not pages (files, health checks, redirects).
func routeAudience(route string) string {
	page := strings.TrimPrefix(route, "/en")
	switch {
	case page == "/verifiera" || strings.HasPrefix(page, "/verifiera/"):
		return "verify"
	case page == "/konto" || strings.HasPrefix(page, "/konto/"):
		return "staff" // staff have every part of the account page, the second factor too
	}
	switch {
	case strings.HasPrefix(route, "/static/"), route == "/healthz", route == "/readyz",
		route == "/sprak", route == "/en", strings.Contains(route, "/export/"),
		path.Ext(route) != "": // files: .csv, .json, robots.txt, sitemap.xml …
		return ""
	case strings.HasPrefix(route, "/personal"):
		return "staff"
	case strings.HasPrefix(route, "/mina-sidor"):
		return "contact"
	}
	return "public"
}

// everyPage walks the router and returns, per audience, a path for every GET
// page with its parameters filled from values. A route with a parameter that
// values lacks fails the test, so a new page cannot slip past.
func everyPage(t *testing.T, app *testApp, values map[string][]string) map[string][]string {
	t.Helper()
	pages := map[string][]string{}
	err := chi.Walk(app.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		who := routeAudience(route)
		if method != http.MethodGet || who == "" {
			return nil
		}
		paths := []string{route}
		for param, vs := range values {
			var next []string
			for _, p := range paths {
				if !strings.Contains(p, param) {
					next = append(next, p)
					continue
				}
				for _, v := range vs {
					next = append(next, strings.ReplaceAll(p, param, v))
				}
			}
			paths = next
		}
		for _, p := range paths {
			if strings.Contains(p, "{") {
				t.Errorf("page %s: no value for its parameters here", route)
				return nil
			}
		}
		pages[who] = append(pages[who], paths...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range pages {
		sort.Strings(ps)
	}
	return pages
}

// overflow is what a page measures of its own width.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Culprits    []string `json:"culprits"`  // the innermost elements reaching past the window
	SmallText   []string `json:"smallText"` // text in an SVG drawn smaller than 12 px
}

// measureOverflowJS measures the document against the window and names the
// innermost elements that stick out on the right (outside any element that
// scrolls on its own), so a failure says where to look.
const measureOverflowJS = `(() => {
	const w = window.innerWidth, out = [];
	const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; } return false; };
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0 || scrolls(el)) continue;
		// Text wider than its box overflows without the box doing so.
		const spills = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX === "visible";
		if (r.right <= w + 0.5 && !spills) continue;
		if ([...el.children].some(c => c.getBoundingClientRect().right > w + 0.5)) continue;
		let name = el.tagName.toLowerCase();
		if (el.id) name += "#" + el.id;
		if (typeof el.className === "string" && el.className) name += "." + el.className.trim().split(/\s+/).join(".");
		out.push(name + " right=" + Math.round(r.right) + (spills ? " content=" + el.scrollWidth : ""));
		if (out.length === 5) break;
	}
	// Text in drawings scales with them: the smallest as a person sees it.
	const small = [];
	for (const t of document.querySelectorAll("svg text")) {
		if (t.getClientRects().length === 0) continue;
		const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
		if (size < 12) small.push(t.closest("svg").getAttribute("class") + " " + JSON.stringify(t.textContent) + " " + size.toFixed(1) + " px");
	}
	return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, culprits: out, smallText: small.slice(0, 5) };
})()`

// TestBrowserNoSidewaysScroll opens every page the router has at phone
// widths, the public ones anonymously, the contact pages as a contact person
// and the staff pages as an admin, and fails on any page wider than the
// window. It also saves screenshots of the start page, a round and the
// lineage at 360 and 1366 px for a person to look at (the directory is in the
// log; set SCREENSHOT_DIR to keep them).
func TestBrowserNoSidewaysScroll(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	app.addUser(t, portal.UserAdmin, "admin@skr.example")
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	round := mustRound(t, app, "2019")
	fagersta := participationID(t, app, "2019", "fagersta")
	ov, err := app.Store.RoundOverview(ctx, round)
	if err != nil {
		t.Fatal(err)
	}
	m, err := app.Store.SaveMeeting(ctx, store.System("test"), portal.LearningMeeting{RoundID: round.ID, HeldOn: mustDate("2019-03-12"), Place: "Fagersta",
		HostID: app.orgID(t, "fagersta")})
	if err != nil {
		t.Fatal(err)
	}
	task := addMinutesFor(t, app, m, app.orgID(t, "fagersta"))
	d, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: fagersta, Level: portal.LevelStrategist,
		Name: "Stina Strateg", Title: "Strateg för jämställdhetsintegrering", Email: "stina.strateg.med.ett.langt.namn@fagersta.example"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := app.Store.SaveImprovementWork(ctx, store.System("test"), portal.ImprovementWork{ParticipationID: fagersta,
		Title: "Jämställd biståndshandläggning i hemtjänsten", Area: "Äldreomsorg", Status: portal.WorkInProgress,
		Card: portal.WorkCard{ServiceArea: portal.AreaHomeCare, Inequality: "Kvinnor får färre timmar än män.", Baseline: "12 och 17 timmar."}})
	if err != nil {
		t.Fatal(err)
	}
	ind, err := app.Store.SaveIndicator(ctx, store.System("test"), portal.Indicator{WorkID: w.ID, Name: "Beviljade timmar per månad och brukare",
		Unit: "timmar", Source: portal.SourceOwn, Values: []portal.IndicatorValue{{MeasuredOn: mustDate("2019-01-15"), Women: 12, Men: 17},
			{MeasuredOn: mustDate("2019-11-15"), Women: 15, Men: 16}}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := app.Store.SaveResult(ctx, store.System("test"), portal.WorkResult{WorkID: w.ID, Kind: portal.ResultOutcome,
		Description: "Bedömningarna utgår från behov.", Evidence: "Indikatorn."})
	if err != nil {
		t.Fatal(err)
	}
	rounds, err := app.Store.Rounds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var roundSlugs []string
	for _, r := range rounds {
		roundSlugs = append(roundSlugs, r.Slug)
	}
	// A group with a mentor, so the mentor's pages are reached too.
	mentored := ov.Groups[0]
	for _, g := range ov.Groups {
		if len(g.Mentors) > 0 {
			mentored = g
			break
		}
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	values := map[string][]string{
		"{slug}":          nil, // filled per route below
		"{round}":         {id(round.ID)},
		"{participation}": {id(fagersta)},
		"{group}":         {id(mentored.ID)},
		"{organisation}":  {id(mentored.Mentors[0].Organisation.ID)},
		"{meeting}":       {id(m.ID)},
		"{outcome}":       {id(task)},
		"{delegate}":      {id(d.ID)},
		"{work}":          {id(w.ID)},
		"{indicator}":     {id(ind.ID)},
		"{result}":        {id(res.ID)},
		"{table}":         {"rounds"},
		"{token}":         {"utgangen-lank"},
		"{subject}":       {"deltagare-" + id(fagersta), "omgang"},
	}
	// {id} is an organisation on the contact pages and a record in the
	// staff history; {slug} a round or an organisation.
	roundValues := map[string][]string{"{slug}": roundSlugs, "{id}": {id(round.ID)}}
	pages := map[string][]string{}
	for who, ps := range everyPage(t, app, mergeValues(values, roundValues)) {
		for _, p := range ps {
			if !strings.Contains(p, "/organisationer/") {
				pages[who] = append(pages[who], p)
			}
		}
	}
	orgValues := map[string][]string{"{slug}": {"umeå", "hedemora", "askersund", "region-västerbotten"}, "{id}": {id(app.orgID(t, "fagersta"))}}
	for who, ps := range everyPage(t, app, mergeValues(values, orgValues)) {
		for _, p := range ps {
			if strings.Contains(p, "/organisationer/") {
				pages[who] = append(pages[who], p)
			}
		}
	}
	pages["public"] = append(pages["public"], "/organisationer?q=a", "/en/organisationer?q=a", "/finns-inte")
	pages["staff"] = append(pages["staff"], "/personal/personuppgifter?epost=stina.strateg.med.ett.langt.namn%40fagersta.example")
	if len(pages["public"]) < 20 || len(pages["contact"]) < 5 || len(pages["staff"]) < 15 {
		t.Fatalf("too few pages found: %d public, %d contact, %d staff", len(pages["public"]), len(pages["contact"]), len(pages["staff"]))
	}

	anonymous := browsertest.New(t)
	contact := anonymous.NewTab(t)
	if status := browserLogin(t, contact, app, "kontakt@fagersta.example", testPassword); status != http.StatusOK {
		t.Fatalf("contact login: %d", status)
	}
	staff := anonymous.NewTab(t)
	if status := browserLogin(t, staff, app, "admin@skr.example", testPassword); status != http.StatusOK {
		t.Fatalf("admin login: %d", status)
	}
	// A staff member who has given the password but not yet the second
	// factor sees the verification page.
	verify := anonymous.NewTab(t)
	verify.Visit(t, app.URL+"/logga-in")
	verify.Fill(t, "#email", "admin@skr.example")
	verify.Fill(t, "#password", testPassword)
	verify.Submit(t, "form[action='/logga-in'] button")
	if !strings.HasSuffix(verify.URL(t), "/verifiera") {
		t.Fatalf("after the password: at %s, want /verifiera", verify.URL(t))
	}
	tabs := map[string]*browsertest.Browser{"public": anonymous, "contact": contact, "staff": staff, "verify": verify}
	for _, width := range phoneWidths {
		for _, who := range []string{"public", "contact", "staff", "verify"} {
			b := tabs[who]
			b.Viewport(t, width, 740)
			for _, path := range pages[who] {
				t.Run(fmt.Sprintf("%d/%s%s", width, who, path), func(t *testing.T) {
					if status := b.Visit(t, app.URL+path); status >= 500 || status == http.StatusForbidden {
						t.Fatalf("status %d", status)
					}
					if strings.Contains(b.URL(t), "/logga-in") && !strings.HasPrefix(path, "/logga-in") {
						t.Fatalf("sent to the login page")
					}
					o := browsertest.Eval[overflow](t, b, measureOverflowJS)
					if o.ScrollWidth > o.InnerWidth {
						t.Errorf("document %d px wide in a %d px window; sticking out: %s", o.ScrollWidth, o.InnerWidth, strings.Join(o.Culprits, ", "))
					}
					if who != "public" {
						checkButtonContrast(t, b)
					}
					checkFieldBorders(t, b)
					if len(o.SmallText) > 0 {
						t.Errorf("drawing scaled so far down that its text is under 12 px: %s", strings.Join(o.SmallText, "; "))
					}
				})
			}
		}
	}

	// Screenshots for a person to look at.
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{360, 1366} {
		anonymous.Viewport(t, width, 900)
		for name, path := range map[string]string{"start": "/", "round": "/omgangar/2019", "lineage": "/mentorkedjor"} {
			anonymous.Visit(t, app.URL+path)
			anonymous.Screenshot(t, filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)))
		}
	}
	t.Logf("screenshots in %s", dir)
}

func mergeValues(a, b map[string][]string) map[string][]string {
	out := map[string][]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// lineageMeasure is what the lineage graph measures of itself in the page.
type lineageMeasure struct {
	Texts      int      `json:"texts"`
	Smallest   float64  `json:"smallest"`   // the smallest text's size on screen, in CSS px
	Spills     []string `json:"spills"`     // names whose text reaches outside their box
	ScrollW    int      `json:"scrollW"`    // of the region holding the graph
	ClientW    int      `json:"clientW"`    // of the region holding the graph
	HintShown  bool     `json:"hintShown"`  // the "scroll sideways" hint is visible
	Focusable  bool     `json:"focusable"`  // the region takes keyboard focus
	RegionName string   `json:"regionName"` // the region's accessible name
}

const measureLineageJS = `(() => {
	const svg = document.querySelector("svg.lineage-graph"), region = svg.closest(".lineage-scroll");
	const out = { texts: 0, smallest: 1e9, spills: [], scrollW: region.scrollWidth, clientW: region.clientWidth,
		hintShown: false, focusable: region.tabIndex >= 0, regionName: region.getAttribute("aria-label") || "" };
	const hint = document.querySelector(".lineage .scroll-hint");
	out.hintShown = hint !== null && hint.getClientRects().length > 0;
	for (const t of svg.querySelectorAll("text")) {
		// The font size on screen: the computed size times the SVG's scale.
		const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
		out.smallest = Math.min(out.smallest, size);
		out.texts++;
	}
	for (const a of svg.querySelectorAll("a.node")) {
		const box = a.querySelector("rect").getBoundingClientRect(), text = a.querySelector("text");
		// The glyphs' extent, measured by the browser with the font it uses.
		const w = text.getComputedTextLength() * text.getScreenCTM().a, tb = text.getBoundingClientRect();
		if (tb.left < box.left + 2 || tb.left + w > box.right - 2 || tb.top < box.top || tb.bottom > box.bottom) {
			out.spills.push(text.textContent + " (" + Math.round(w) + " px in " + Math.round(box.width) + ")");
		}
	}
	return out;
})()`

// TestBrowserLineageReadable checks the lineage graph as Chromium draws it:
// its text at least 12 px on a 1366 px desktop and on a phone (the graph is
// never scaled down), every name inside its box, and on a phone a focusable,
// named region that scrolls, with a hint that says so.
func TestBrowserLineageReadable(t *testing.T) {
	app := newTestApp(t)
	b := browsertest.New(t)
	for _, c := range []struct {
		width int
		path  string
	}{
		{1366, "/mentorkedjor"}, {1366, "/en/mentorkedjor"}, {1366, "/organisationer/v%C3%A4nn%C3%A4s"},
		{360, "/mentorkedjor"}, {360, "/organisationer/v%C3%A4nn%C3%A4s"},
	} {
		t.Run(fmt.Sprintf("%d%s", c.width, c.path), func(t *testing.T) {
			b.Viewport(t, c.width, 900)
			b.Visit(t, app.URL+c.path)
			m := browsertest.Eval[lineageMeasure](t, b, measureLineageJS)
			if m.Texts < 5 {
				t.Fatalf("only %d texts in the graph", m.Texts)
			}
			if m.Smallest < 12 {
				t.Errorf("smallest text %.1f px, want at least 12", m.Smallest)
			}
			for _, s := range m.Spills {
				t.Errorf("name spills out of its box: %s", s)
			}
			if !m.Focusable || m.RegionName == "" {
				t.Errorf("graph region focusable %v, named %q", m.Focusable, m.RegionName)
			}
			if c.width == 360 && c.path == "/mentorkedjor" {
				if m.ScrollW <= m.ClientW || !m.HintShown {
					t.Errorf("on a phone the graph region scrolls %d in %d px, hint shown %v; want it to scroll and say so", m.ScrollW, m.ClientW, m.HintShown)
				}
			}
			if c.width == 1366 && m.HintShown {
				t.Error("scroll hint shown on a desktop")
			}
			b.Axe(t)
		})
	}
}
