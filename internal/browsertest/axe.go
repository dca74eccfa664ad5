package browsertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeViolation is one rule that axe-core found broken, with the elements that
// break it; the fields are those of axe's result objects.
type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"` // minor, moderate, serious or critical
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	// Target holds CSS selectors; an element inside an iframe or a shadow
	// root has one per level, and each level may itself be a list.
	Target []json.RawMessage `json:"target"`
	HTML   string            `json:"html"`
}

// blocking reports whether the violation is grave enough to fail a test.
func (v axeViolation) blocking() bool {
	return v.Impact == "serious" || v.Impact == "critical"
}

// axeNodesShown is how many offending elements a report lists per rule.
const axeNodesShown = 3

func (v axeViolation) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "axe %s %s: %s (%s)", v.Impact, v.ID, v.Help, v.HelpURL)
	for i, n := range v.Nodes {
		if i == axeNodesShown {
			fmt.Fprintf(&s, "\n\t… and %d more", len(v.Nodes)-axeNodesShown)
			break
		}
		fmt.Fprintf(&s, "\n\t%s: %s", n.selector(), n.HTML)
	}
	return s.String()
}

func (n axeNode) selector() string {
	parts := make([]string, len(n.Target))
	for i, raw := range n.Target {
		var one string
		if json.Unmarshal(raw, &one) == nil {
			parts[i] = one
			continue
		}
		parts[i] = string(raw)
	}
	return strings.Join(parts, " >>> ")
}

// Axe runs axe-core over the current page. Each serious or critical violation
// fails the test (t.Errorf, so the test goes on) with the rule, its help text
// and the first few offending elements; minor and moderate ones are only
// logged. Call it after every page and state worth checking: after Visit,
// after a form comes back with errors, after opening a disclosure.
func (b *Browser) Axe(t testing.TB) {
	t.Helper()
	url := b.URL(t)
	for _, v := range b.axeViolations(t) {
		if v.blocking() {
			t.Errorf("%s: %s", url, v)
		} else {
			t.Logf("%s: %s", url, v)
		}
	}
}

// axeViolations injects axe-core into the page, unless an earlier call on the
// same document did, and returns every violation it finds.
//
// The script goes in through the DevTools protocol (Runtime.evaluate), which a
// page's Content-Security-Policy does not restrict, so pages served with
// script-src 'self' are checked as they are.
func (b *Browser) axeViolations(t testing.TB) []axeViolation {
	t.Helper()
	timeout := 2 * b.Timeout
	loaded := run(t, b, timeout, "look for axe-core", chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if !loaded {
		run(t, b, timeout, "inject axe-core", chromedp.Evaluate[chromedp.Void](axeSource))
	}
	// JSON text rather than an object, so that the result decodes with
	// encoding/json into the types above.
	raw := run(t, b, timeout, "run axe-core", chromedp.Evaluate[string](
		`axe.run(document, { resultTypes: ["violations"] }).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	var violations []axeViolation
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		t.Fatalf("browsertest: decode axe-core result: %v", err)
	}
	return violations
}
