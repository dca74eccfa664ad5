// Package browsertest drives a headless Chromium from Go tests, so that a test
// can check a page the way a person meets it: what the page says, what a click
// or a submitted form leads to, where the keyboard focus goes, and whether
// axe-core finds accessibility barriers.
//
// Each call to New starts its own Chromium process with a fresh temporary
// profile and stops it when the test ends. Starting one costs about half a
// second; a second, independent session in the same process (another user with
// other cookies) costs a new tab, see NewTab.
//
// Every action is bounded by Timeout, so a hung browser fails the test instead
// of hanging CI. Pages served with a strict Content-Security-Policy work: the
// package talks to the page only through the DevTools protocol, which CSP does
// not govern.
//
// The browser is /usr/bin/chromium (Debian's package "chromium"), or the
// program that CHROMIUM_PATH names. Without it New skips the test, except when
// CI is set, where it fails, so that CI never passes by skipping.
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// DefaultTimeout bounds each action of a Browser unless its Timeout is changed.
const DefaultTimeout = 15 * time.Second

// startTimeout bounds the start of Chromium, which on a busy two-core machine
// can take a few seconds.
const startTimeout = 30 * time.Second

// axeSource is axe-core 4.14.1 (MPL-2.0, licence in axe-core.LICENSE), copied
// from the npm package's axe.min.js. To update: `npm pack axe-core`, unpack,
// copy package/axe.min.js here and change the version in this comment.
//
//go:embed axe.min.js
var axeSource string

// Browser is one tab of a headless Chromium. Its methods fail the test given to
// them when the browser cannot do what was asked; they are not safe for
// concurrent use.
type Browser struct {
	// Timeout bounds each action. New sets it to DefaultTimeout; Axe gets
	// twice as long because axe-core is slow on large pages.
	Timeout time.Duration

	tab     context.Context // chromedp context of this tab; lives as long as the test
	console *consoleLog
}

// ChromiumPath returns the browser New starts: CHROMIUM_PATH if set, else
// /usr/bin/chromium.
func ChromiumPath() string {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// inCI reports whether the test runs in CI, where a missing browser must fail
// the test rather than skip it.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// New starts a headless Chromium for the test and opens a tab in it. The
// browser is stopped and its profile removed when the test ends.
func New(t testing.TB) *Browser {
	t.Helper()
	path := ChromiumPath()
	if _, err := os.Stat(path); err != nil {
		if inCI() {
			t.Fatalf("browsertest: no browser at %s (CI is set, so this fails instead of skipping): %v; install Debian's chromium or set CHROMIUM_PATH", path, err)
		}
		t.Skipf("browsertest: no browser at %s; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH", path)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		// Chromium refuses to run sandboxed as root, and tests run as root here.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		// Visit as a Swedish reader: the portal's start page follows
		// Accept-Language, and Chromium would otherwise send en-US.
		chromedp.Flag("accept-lang", "sv-SE,sv"),
		// No UserDataDir: chromedp then makes a fresh temporary profile and
		// removes it after killing every process that still uses it.
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for Chromium to exit and its profile to go
	})

	start(t, tab, cancelAlloc, "start "+path)
	return newBrowser(tab)
}

// start runs the first action on a chromedp context, which starts its browser
// or opens its tab. That action binds the browser or tab to the context it
// runs in, so it must not run under a timeout; the wait is bounded here
// instead, and on timeout cancel gives up on the browser or tab.
func start(t testing.TB, ctx context.Context, cancel context.CancelFunc, what string) {
	t.Helper()
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("browsertest: %s: %v", what, err)
		}
	case <-time.After(startTimeout):
		cancel()
		t.Fatalf("browsertest: %s: nothing happened within %v", what, startTimeout)
	}
}

// NewTab opens another tab in the same browser with its own cookies and
// storage, as if a second person used another computer: handy for a test in
// which, say, staff and a contact person act in turn. The tab closes when the
// test ends.
func (b *Browser) NewTab(t testing.TB) *Browser {
	t.Helper()
	tab, cancel := chromedp.NewContext(b.tab, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	start(t, tab, cancel, "open a new tab")
	nb := newBrowser(tab)
	nb.Timeout = b.Timeout
	return nb
}

// newBrowser wraps a started tab and begins collecting its console messages.
func newBrowser(tab context.Context) *Browser {
	b := &Browser{Timeout: DefaultTimeout, tab: tab, console: &consoleLog{}}
	messages := chromedp.Console(tab) // subscribes now, so no early message is lost
	go b.console.collect(messages)
	return b
}

// do runs actions under the action timeout and fails the test on error.
func (b *Browser) do(t testing.TB, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, b.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("browsertest: %s: %v", what, explain(err, b.Timeout))
	}
}

// run runs one action that returns a value under the action timeout and
// fails the test on error. It is a function, not a method, because methods
// cannot have type parameters.
func run[T any](t testing.TB, b *Browser, timeout time.Duration, what string, action chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("browsertest: %s: %v", what, explain(err, timeout))
	}
	return v
}

// explain makes a timeout say what usually causes it.
func explain(err error, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("nothing happened within %v (no such element, element hidden, or no page load): %w", timeout, err)
	}
	return err
}

// Visit opens url and waits until the page has loaded and has a body. It
// returns the HTTP status of the page; a status of 400 or more is not a
// failure, so that a test can check error pages. A network error (refused
// connection, unknown host) fails the test.
func (b *Browser) Visit(t testing.TB, url string) int {
	t.Helper()
	resp := run(t, b, b.Timeout, "visit "+url, chromedp.NavigateResponse(url))
	b.do(t, "wait for the body of "+url, chromedp.WaitReady(chromedp.CSS("body")))
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Follow clicks the element that selector matches, typically a link, and waits
// for the page that the click loads. It returns that page's HTTP status.
func (b *Browser) Follow(t testing.TB, selector string) int {
	t.Helper()
	return b.load(t, fmt.Sprintf("follow %q", selector), chromedp.Click(chromedp.CSS(selector)))
}

// Submit submits a form the way pressing its submit button does: the browser's
// own validation runs (unless the form has novalidate), the submit event
// fires, and the test waits for the page that comes back (after any
// redirect), whose HTTP status it returns. selector matches either the form
// or a submit button in it; a button's name and value are sent with the form.
// When the browser's validation stops the form, the test fails at once with
// the browser's message.
func (b *Browser) Submit(t testing.TB, selector string) int {
	t.Helper()
	what := fmt.Sprintf("submit %q", selector)
	b.do(t, what, chromedp.WaitReady(chromedp.CSS(selector)))
	if msg := run(t, b, b.Timeout, what, chromedp.Evaluate[string](call(validityJS, selector))); msg != "" {
		t.Fatalf("browsertest: %s: the browser did not send the form: %s", what, msg)
	}
	return b.load(t, what, chromedp.Evaluate[chromedp.Void](call(submitJS, selector)))
}

// load runs trigger, waits for the page it loads, and returns its HTTP status.
func (b *Browser) load(t testing.TB, what string, trigger chromedp.Action[chromedp.Void]) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, b.Timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, trigger)
	if err != nil {
		t.Fatalf("browsertest: %s: %v", what, explain(err, b.Timeout))
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Click clicks, with the mouse, the centre of the first visible element that
// selector matches. It does not wait for a page load; use Follow or Submit for
// that.
func (b *Browser) Click(t testing.TB, selector string) {
	t.Helper()
	b.do(t, fmt.Sprintf("click %q", selector), chromedp.Click(chromedp.CSS(selector)))
}

// Fill empties the text field (input or textarea) that selector matches and
// types value into it key by key, as a person would.
func (b *Browser) Fill(t testing.TB, selector, value string) {
	t.Helper()
	what := fmt.Sprintf("fill %q", selector)
	sel := chromedp.CSS(selector)
	b.do(t, what, chromedp.WaitVisible(sel))
	if msg := run(t, b, b.Timeout, what, chromedp.Evaluate[string](call(clearJS, selector))); msg != "" {
		t.Fatalf("browsertest: %s: %s", what, msg)
	}
	b.do(t, what, chromedp.SendKeys(sel, value))
}

// Select chooses the option with the given value in the <select> that
// selector matches, and fires the input and change events a person's choice
// would.
func (b *Browser) Select(t testing.TB, selector, value string) {
	t.Helper()
	what := fmt.Sprintf("select %q in %q", value, selector)
	b.do(t, what, chromedp.WaitVisible(chromedp.CSS(selector)))
	if msg := run(t, b, b.Timeout, what, chromedp.Evaluate[string](call(selectJS, selector, value))); msg != "" {
		t.Fatalf("browsertest: %s: %s", what, msg)
	}
}

// Text returns the text a person sees in the first element that selector
// matches (its innerText; "" when the element is hidden). It waits for the
// element to appear.
func (b *Browser) Text(t testing.TB, selector string) string {
	t.Helper()
	return run(t, b, b.Timeout, fmt.Sprintf("text of %q", selector), chromedp.Text(chromedp.CSS(selector)))
}

// Attr returns the value of the attribute name of the first element that
// selector matches, or "" when it has no such attribute. It waits for the
// element to appear.
func (b *Browser) Attr(t testing.TB, selector, name string) string {
	t.Helper()
	res := run(t, b, b.Timeout, fmt.Sprintf("attribute %s of %q", name, selector),
		chromedp.AttributeValue(chromedp.CSS(selector), name))
	return res.Value
}

// Count returns how many elements selector matches now, without waiting, so
// that a test can check that something is absent.
func (b *Browser) Count(t testing.TB, selector string) int {
	t.Helper()
	return run(t, b, b.Timeout, fmt.Sprintf("count %q", selector),
		chromedp.Evaluate[int](call(`s => document.querySelectorAll(s).length`, selector)))
}

// Title returns the document's title.
func (b *Browser) Title(t testing.TB) string {
	t.Helper()
	return run(t, b, b.Timeout, "title", chromedp.Title())
}

// URL returns the address of the current page.
func (b *Browser) URL(t testing.TB) string {
	t.Helper()
	return run(t, b, b.Timeout, "location", chromedp.Location())
}

// Tab presses the Tab key, moving keyboard focus to the next element.
func (b *Browser) Tab(t testing.TB) {
	t.Helper()
	b.Press(t, kb.Tab)
}

// Press types keys into whatever has the keyboard focus. Special keys are the
// constants of github.com/chromedp/chromedp/kb, for example kb.Enter or
// kb.Escape.
func (b *Browser) Press(t testing.TB, keys string) {
	t.Helper()
	b.do(t, fmt.Sprintf("press %q", keys), chromedp.KeyEvent(keys))
}

// HasFocus reports whether the first element that selector matches has the
// keyboard focus.
func (b *Browser) HasFocus(t testing.TB, selector string) bool {
	t.Helper()
	return run(t, b, b.Timeout, fmt.Sprintf("focus of %q", selector),
		chromedp.Evaluate[bool](call(`s => { const e = document.querySelector(s); return e !== null && e === document.activeElement; }`, selector)))
}

// Viewport resizes the tab's window to width × height CSS pixels at a device
// scale of 1, as a narrow phone or a wide desktop would lay the page out.
// It lasts until the next call; New starts at 1280×900.
func (b *Browser) Viewport(t testing.TB, width, height int) {
	t.Helper()
	b.do(t, fmt.Sprintf("viewport %d×%d", width, height), chromedp.EmulateViewport(int64(width), int64(height)))
}

// Eval evaluates the JavaScript expression js in the page and returns its
// value decoded as T (a Go value that encoding/json can decode the result
// into), for measurements no other method offers.
func Eval[T any](t testing.TB, b *Browser, js string) T {
	t.Helper()
	return run(t, b, b.Timeout, "evaluate "+js, chromedp.Evaluate[T](js))
}

// Screenshot saves a PNG of the whole page, beyond the window, at
// path. A relative path is relative to the test's package directory, so pass
// a path under t.TempDir() unless the picture should stay.
func (b *Browser) Screenshot(t testing.TB, path string) {
	t.Helper()
	png := run(t, b, b.Timeout, "screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: save screenshot: %v", err)
	}
}

// ConsoleErrors returns the errors the page has reported since the tab opened:
// uncaught exceptions, console.error calls, and the browser's own errors, among
// them "Refused to ... because it violates the following Content Security
// Policy directive" and failed loads of images, scripts or styles.
func (b *Browser) ConsoleErrors() []string {
	return b.console.errors()
}

// consoleLog gathers a tab's console messages as they arrive.
type consoleLog struct {
	mu   sync.Mutex
	errs []string
}

func (c *consoleLog) collect(messages func(yield func(chromedp.ConsoleMessage, error) bool)) {
	for m, err := range messages {
		if err != nil {
			return // the tab has closed
		}
		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}
		text := m.String()
		if m.URL != "" {
			text = fmt.Sprintf("%s (%s:%d)", text, m.URL, m.Line+1)
		}
		c.mu.Lock()
		c.errs = append(c.errs, text)
		c.mu.Unlock()
	}
}

func (c *consoleLog) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs...)
}

// call returns a JavaScript expression that calls the function fn with args,
// each encoded as JSON, so that no selector or value needs escaping by hand.
func call(fn string, args ...any) string {
	encoded := make([]string, len(args))
	for i, a := range args {
		j, err := json.Marshal(a)
		if err != nil {
			panic(fmt.Sprintf("browsertest: encode %v: %v", a, err)) // only strings are passed
		}
		encoded[i] = string(j)
	}
	return fmt.Sprintf("(%s)(%s)", fn, strings.Join(encoded, ", "))
}

// formOf finds the form and the submitter for a selector that matches a form or
// a submit button.
const formOf = `s => {
	const el = document.querySelector(s);
	if (el === null) throw new Error("no element matches " + s);
	if (el instanceof HTMLFormElement) return { form: el, submitter: null };
	if (el.form) return { form: el.form, submitter: (el.type === "submit" || el.type === "image") ? el : null };
	throw new Error(s + " is neither a form nor inside one");
}`

// validityJS returns the browser's message for the first field that stops the
// form being sent, or "" when the form will be sent.
const validityJS = `s => {
	const { form, submitter } = (` + formOf + `)(s);
	if (form.noValidate || (submitter && submitter.formNoValidate)) return "";
	for (const el of form.elements) {
		if (el.willValidate && !el.checkValidity()) {
			const name = el.id ? "#" + el.id : (el.name || el.tagName.toLowerCase());
			return name + ": " + el.validationMessage;
		}
	}
	return "";
}`

// submitJS submits the form as its submit button would. The submission starts
// after the script returns, so the caller can wait for the page load.
const submitJS = `s => {
	const { form, submitter } = (` + formOf + `)(s);
	setTimeout(() => form.requestSubmit(submitter), 0);
}`

// clearJS empties a text field and reports "" or what went wrong.
const clearJS = `s => {
	const el = document.querySelector(s);
	if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return s + " is not an input or a textarea";
	el.value = "";
	el.dispatchEvent(new Event("input", { bubbles: true }));
	return "";
}`

// selectJS picks an option by value and reports "" or what went wrong.
const selectJS = `(s, v) => {
	const el = document.querySelector(s);
	if (!(el instanceof HTMLSelectElement)) return s + " is not a <select>";
	if (![...el.options].some(o => o.value === v)) return "no option has the value " + JSON.stringify(v);
	el.value = v;
	el.dispatchEvent(new Event("input", { bubbles: true }));
	el.dispatchEvent(new Event("change", { bubbles: true }));
	return "";
}`
