package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"modellportalen/internal/pagecache"
	"modellportalen/internal/portal"
	"modellportalen/internal/testdb"
)

// rawClient does not ask for or undo compression itself, so tests see the
// bytes as sent; it does not follow redirects.
var rawClient = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte // as sent
}

func fetch(t *testing.T, method, url string, header http.Header) rawResponse {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := rawClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{res.StatusCode, res.Header, b}
}

// decoded is the body with its Content-Encoding undone.
func (r rawResponse) decoded(t *testing.T) []byte {
	t.Helper()
	var rd io.Reader
	switch enc := r.Header.Get("Content-Encoding"); enc {
	case "":
		return r.Body
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	case "br":
		rd = brotli.NewReader(bytes.NewReader(r.Body))
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("decode %s: %v", r.Header.Get("Content-Encoding"), err)
	}
	return b
}

func ae(v string) http.Header { return http.Header{"Accept-Encoding": {v}} }

// TestHeadForEveryGetRoute asks every GET route with HEAD, as a visitor and
// as an admin, and expects the GET's status and headers without a body.
func TestHeadForEveryGetRoute(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	spare := app.addUser(t, portal.UserContact, "spare@umea.example", "umeå")
	anonymous, signedIn := app.client(t), app.client(t)
	signedIn.login(admin.Email, testPassword)
	n := 0
	for _, rt := range walkRoutes(t, app.Server) {
		if rt.Method != http.MethodGet || rt.Pattern == "/logga-ut" {
			continue
		}
		path := concretePath(rt, app.orgID(t, "umeå"), spare.ID)
		for who, c := range map[string]*client{"visitor": anonymous, "admin": signedIn} {
			get := c.get(path)
			req, _ := http.NewRequest(http.MethodHead, app.URL+path, nil)
			head := c.do(req)
			n++
			if head.Status != get.Status {
				t.Errorf("HEAD %s as %s: %d, GET: %d", path, who, head.Status, get.Status)
			}
			if head.Status == http.StatusMethodNotAllowed {
				t.Errorf("HEAD %s as %s: 405", path, who)
			}
			if head.Body != "" {
				t.Errorf("HEAD %s as %s sent a body", path, who)
			}
			for _, h := range []string{"Content-Type", "Location", "Cache-Control"} {
				if head.Header.Get(h) != get.Header.Get(h) {
					t.Errorf("HEAD %s as %s: %s %q, GET: %q", path, who, h, head.Header.Get(h), get.Header.Get(h))
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("tried only %d GET routes", n)
	}
}

// TestCompression: text over 1 KB goes out in the encoding the browser
// prefers; small and binary responses, and browsers that ask for none, get
// the bytes as they are.
func TestCompression(t *testing.T) {
	app := newTestApp(t)
	staff := app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	c := app.client(t)
	c.login(staff.Email, testPassword)
	cookie := c.sessionCookie()
	_, round := app.roundPath(t, "2019", "")
	css := assetURL(t, app, "style.css")
	// A round with no participants yet has a participant file under 1 KB.
	if _, err := app.Store.Pool.Exec(context.Background(), `
		INSERT INTO rounds (slug, name, start_year, end_year, tracks) VALUES ('2027-2028', 'Ny omgång', 2027, 2028, '{municipal}')`); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, accept, want string
		signedIn                 bool
	}{
		{"html, both: gzip, cheaper per request", "/omgangar/2019", "gzip, deflate, br", "gzip", false},
		{"html, brotli only", "/omgangar/2019", "br", "br", false},
		{"html, brotli preferred", "/omgangar/2019", "gzip;q=0.8, br", "br", false},
		{"html, gzip only", "/omgangar/2019", "gzip", "gzip", false},
		{"html, brotli refused", "/omgangar/2019", "br;q=0, gzip", "gzip", false},
		{"html, any", "/omgangar/2019", "*", "gzip", false},
		{"css, both: brotli, compressed in advance", css, "gzip, deflate, br", "br", false},
		{"html, none asked", "/omgangar/2019", "", "", false},
		{"html, identity only", "/omgangar/2019", "identity", "", false},
		{"english html", "/en/statistik", "br", "br", false},
		{"json", "/oppna-data/deltagare.json", "gzip", "gzip", false},
		{"csv", "/oppna-data/deltagare.csv", "br", "br", false},
		{"css, hashed", css, "br", "br", false},
		{"css, plain name", "/static/style.css", "gzip", "gzip", false},
		{"sitemap", "/sitemap.xml", "gzip", "gzip", false},
		{"signed-in page", "/personal/omgangar", "br", "br", true},
		{"small text", "/healthz", "br, gzip", "", false},
		{"small svg", "/static/favicon.svg", "br, gzip", "", false},
		{"small csv", "/oppna-data/omgangar/2027-2028/deltagare.csv", "br, gzip", "", false},
		{"xlsx", round + "/export/deltagare.xlsx", "br, gzip", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := ae(tc.accept)
			if tc.accept == "" {
				h = http.Header{}
			}
			if tc.signedIn {
				h.Set("Cookie", cookie.Name+"="+cookie.Value)
			}
			res := fetch(t, http.MethodGet, app.URL+tc.path, h)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d", res.Status)
			}
			if got := res.Header.Get("Content-Encoding"); got != tc.want {
				t.Fatalf("Content-Encoding %q, want %q (%d bytes, %s)", got, tc.want, len(res.Body), res.Header.Get("Content-Type"))
			}
			plain := fetch(t, http.MethodGet, app.URL+tc.path, http.Header{"Cookie": h["Cookie"]})
			body := res.decoded(t)
			if tc.path != round+"/export/deltagare.xlsx" && !bytes.Equal(body, plain.Body) {
				t.Errorf("decoded body (%d bytes) differs from the plain one (%d bytes)", len(body), len(plain.Body))
			}
			if tc.want != "" {
				if len(res.Body) >= len(body) {
					t.Errorf("compressed %d bytes into %d", len(body), len(res.Body))
				}
				if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding") {
					t.Errorf("Vary %q lacks Accept-Encoding", res.Header.Values("Vary"))
				}
			}
			if tc.name == "small text" && len(body) >= 1024 || tc.name == "small csv" && len(body) >= 1024 {
				t.Errorf("%s is %d bytes: no longer small", tc.path, len(body))
			}
		})
	}
}

// assetURL finds the hashed URL the pages use for a static file.
func assetURL(t *testing.T, app *testApp, name string) string {
	t.Helper()
	_, body := app.get(t, "/")
	ext := name[strings.LastIndex(name, "."):]
	re := regexp.MustCompile(`"(/static/` + regexp.QuoteMeta(strings.TrimSuffix(name, ext)) + `\.[0-9a-f]{10}` + regexp.QuoteMeta(ext) + `)"`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the start page links no hashed %s", name)
	}
	return m[1]
}

// TestHashedStaticAssets: pages link static files by content-hashed names,
// which browsers may keep for a year; the plain names stay for an hour.
func TestHashedStaticAssets(t *testing.T) {
	app := newTestApp(t)
	for _, name := range []string{"style.css", "forms.css", "favicon.svg"} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile("../../web/static/" + name)
			if err != nil {
				t.Fatal(err)
			}
			u := assetURL(t, app, name)
			res := fetch(t, http.MethodGet, app.URL+u, nil)
			if res.Status != 200 || !bytes.Equal(res.Body, want) {
				t.Fatalf("GET %s: %d, %d bytes; want the file's %d", u, res.Status, len(res.Body), len(want))
			}
			if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control %q", cc)
			}
			if res.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
			if again := fetch(t, http.MethodGet, app.URL+u, http.Header{"If-None-Match": {res.Header.Get("ETag")}}); again.Status != http.StatusNotModified {
				t.Errorf("revalidation: %d, want 304", again.Status)
			}
			plain := fetch(t, http.MethodGet, app.URL+"/static/"+name, nil)
			if plain.Status != 200 || plain.Header.Get("Cache-Control") != "public, max-age=3600" {
				t.Errorf("plain name: %d %q", plain.Status, plain.Header.Get("Cache-Control"))
			}
		})
	}
	for _, p := range []string{"/static/style.0000000000.css", "/static/nope.css", "/static/"} {
		if res := fetch(t, http.MethodGet, app.URL+p, nil); res.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.Status)
		}
	}
}

// TestETagFreshRender: a public page rendered afresh (no page cache, or a
// visitor with cookies) carries an ETag and answers 304 when it matches.
func TestETagFreshRender(t *testing.T) {
	app := newTestApp(t)
	for _, path := range []string{"/", "/omgangar/2019", "/en/organisationer/ume%C3%A5", "/oppna-data/deltagare.csv", "/sitemap.xml"} {
		for _, cookie := range []string{"", "lang=sv"} {
			t.Run(path+" "+cookie, func(t *testing.T) {
				h := http.Header{}
				if cookie != "" {
					h.Set("Cookie", cookie)
				}
				first := fetch(t, http.MethodGet, app.URL+path, h)
				etag := first.Header.Get("ETag")
				if first.Status != 200 || !strings.HasPrefix(etag, `W/"`) {
					t.Fatalf("status %d, ETag %q", first.Status, etag)
				}
				for _, method := range []string{http.MethodGet, http.MethodHead} {
					h.Set("If-None-Match", etag)
					res := fetch(t, method, app.URL+path, h)
					if res.Status != http.StatusNotModified || len(res.Body) != 0 || res.Header.Get("ETag") != etag {
						t.Errorf("%s with If-None-Match: %d, %d bytes, ETag %q; want 304, none, the same", method, res.Status, len(res.Body), res.Header.Get("ETag"))
					}
				}
				h.Set("If-None-Match", `W/"something-else", "x"`)
				if res := fetch(t, http.MethodGet, app.URL+path, h); res.Status != 200 || len(res.Body) == 0 {
					t.Errorf("with another ETag: %d, %d bytes; want the page", res.Status, len(res.Body))
				}
			})
		}
	}
	// A page that changed has another ETag.
	before := fetch(t, http.MethodGet, app.URL+"/omgangar/2019", nil).Header.Get("ETag")
	if _, err := app.Store.Pool.Exec(t.Context(), `UPDATE rounds SET name = name || ' (ny)' WHERE slug = '2019'`); err != nil {
		t.Fatal(err)
	}
	res := fetch(t, http.MethodGet, app.URL+"/omgangar/2019", http.Header{"If-None-Match": {before}})
	if res.Status != 200 || res.Header.Get("ETag") == before {
		t.Errorf("after a change: %d, ETag %q (was %q); want 200 and a new one", res.Status, res.Header.Get("ETag"), before)
	}
}

// TestPageCacheConditionalAndCompressed: the page cache keeps each page
// compressed and answers If-None-Match and If-Modified-Since with 304.
func TestPageCacheConditionalAndCompressed(t *testing.T) {
	pool := testdb.Seeded(t)
	ts := cachedInstance(t, testdb.URLOf(t, pool))
	const path = "/omgangar/2019"
	miss := fetch(t, http.MethodGet, ts.URL+path, ae("br"))
	if c := miss.Header.Get(pagecache.Header); c != "miss" {
		t.Fatalf("first GET: X-Cache %q", c)
	}
	plain := miss.decoded(t)
	for _, enc := range []string{"br", "gzip", ""} {
		h := ae(enc)
		res := fetch(t, http.MethodGet, ts.URL+path, h)
		if res.Header.Get(pagecache.Header) != "hit" || res.Header.Get("Content-Encoding") != enc {
			t.Errorf("Accept-Encoding %q: X-Cache %q, Content-Encoding %q", enc, res.Header.Get(pagecache.Header), res.Header.Get("Content-Encoding"))
		}
		if !bytes.Equal(res.decoded(t), plain) {
			t.Errorf("Accept-Encoding %q: the cached page differs from the rendered one", enc)
		}
		if enc != "" && len(res.Body) >= len(plain)/2 {
			t.Errorf("%s: %d bytes of %d", enc, len(res.Body), len(plain))
		}
		if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("Vary %q", res.Header.Values("Vary"))
		}
	}
	hit := fetch(t, http.MethodGet, ts.URL+path, nil)
	etag, modified := hit.Header.Get("ETag"), hit.Header.Get("Last-Modified")
	if etag == "" || etag != miss.Header.Get("ETag") || modified == "" {
		t.Fatalf("ETag %q (rendered: %q), Last-Modified %q", etag, miss.Header.Get("ETag"), modified)
	}
	for _, tc := range []struct {
		name   string
		header http.Header
		method string
		status int
	}{
		{"If-None-Match", http.Header{"If-None-Match": {etag}}, http.MethodGet, 304},
		{"If-None-Match, HEAD", http.Header{"If-None-Match": {etag}}, http.MethodHead, 304},
		{"If-None-Match among others", http.Header{"If-None-Match": {`"a", ` + etag}}, http.MethodGet, 304},
		{"If-None-Match stale", http.Header{"If-None-Match": {`W/"old"`}}, http.MethodGet, 200},
		{"If-Modified-Since", http.Header{"If-Modified-Since": {modified}}, http.MethodGet, 304},
		{"If-Modified-Since earlier", http.Header{"If-Modified-Since": {"Mon, 02 Jan 2006 15:04:05 GMT"}}, http.MethodGet, 200},
		{"If-None-Match wins over If-Modified-Since", http.Header{"If-None-Match": {`W/"old"`}, "If-Modified-Since": {modified}}, http.MethodGet, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := fetch(t, tc.method, ts.URL+path, tc.header)
			if res.Status != tc.status || res.Header.Get(pagecache.Header) != "hit" {
				t.Errorf("%d %q, want %d hit", res.Status, res.Header.Get(pagecache.Header), tc.status)
			}
			if tc.status == 304 && (len(res.Body) != 0 || res.Header.Get("ETag") != etag) {
				t.Errorf("304 with %d bytes, ETag %q", len(res.Body), res.Header.Get("ETag"))
			}
		})
	}
	// HEAD from the cache: headers of the page, no body.
	head := fetch(t, http.MethodHead, ts.URL+path, ae("gzip"))
	if head.Status != 200 || head.Header.Get(pagecache.Header) != "hit" || head.Header.Get("Content-Encoding") != "gzip" || len(head.Body) != 0 {
		t.Errorf("HEAD: %d %q %q, %d bytes", head.Status, head.Header.Get(pagecache.Header), head.Header.Get("Content-Encoding"), len(head.Body))
	}
}

// TestRobotsAndSitemap: robots.txt keeps crawlers out of the signed-in parts
// and names the sitemap, which lists the public pages in both languages with
// hreflang alternates.
func TestRobotsAndSitemap(t *testing.T) {
	app := newTestAppConfig(t, Config{BaseURL: "https://modellportalen.example"})
	res := fetch(t, http.MethodGet, app.URL+"/robots.txt", nil)
	robots := string(res.Body)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %q", res.Status, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"User-agent: *", "Disallow: /personal\n", "Disallow: /mina-sidor\n",
		"Sitemap: https://modellportalen.example/sitemap.xml"} {
		if !strings.Contains(robots, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, robots)
		}
	}

	res = fetch(t, http.MethodGet, app.URL+"/sitemap.xml", nil)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("sitemap.xml: %d %q", res.Status, res.Header.Get("Content-Type"))
	}
	var set struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(res.Body, &set); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
		langs := map[string]string{}
		for _, l := range u.Links {
			langs[l.Hreflang] = l.Href
		}
		if langs["sv"] == "" || langs["en"] == "" || langs["x-default"] != langs["sv"] ||
			(u.Loc != langs["sv"] && u.Loc != langs["en"]) || langs["en"] != strings.Replace(langs["sv"], ".example/", ".example/en/", 1) {
			t.Errorf("%s: alternates %v", u.Loc, langs)
		}
	}
	const base = "https://modellportalen.example"
	for _, p := range []string{"/", "/en/", "/omgangar", "/en/omgangar", "/omgangar/2019", "/en/omgangar/2023-2025",
		"/organisationer/ume%C3%A5", "/en/organisationer/%C3%B6stra-g%C3%B6inge", "/mentorkedjor", "/statistik", "/oppna-data", "/en/oppna-data",
		"/larande-exempel", "/en/larande-exempel", "/tillganglighet", "/en/tillganglighet", "/personuppgifter", "/en/personuppgifter"} {
		if !locs[base+p] {
			t.Errorf("sitemap lacks %s", base+p)
		}
	}
	for loc := range locs {
		if strings.Contains(loc, "/personal") || strings.Contains(loc, "/mina-sidor") || strings.Contains(loc, "/logga-in") {
			t.Errorf("sitemap lists a page that is not public: %s", loc)
		}
	}
	// Every page listed is there.
	for loc := range locs {
		p := strings.TrimPrefix(loc, base)
		if r := fetch(t, http.MethodHead, app.URL+p, nil); r.Status != 200 {
			t.Errorf("HEAD %s: %d", p, r.Status)
		}
	}

	// Without BASE_URL the links start with the request's host, and such
	// an answer is not shared.
	bare := newTestApp(t)
	res = fetch(t, http.MethodGet, bare.URL+"/robots.txt", nil)
	if !strings.Contains(string(res.Body), "Sitemap: "+bare.URL+"/sitemap.xml") || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("robots.txt without BASE_URL: %q, Cache-Control %q", res.Body, res.Header.Get("Cache-Control"))
	}
}
