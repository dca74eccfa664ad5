package server

import (
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
)

// buttonContrastJS lists every visible button (and link styled as one)
// whose text has less than 4.5:1 contrast (WCAG 2.1 AA) with the background
// it is drawn on: its own, or the first ancestor's that is not transparent.
// axe reports such cases only as "incomplete" where backgrounds are
// inherited, so the ratio is computed here.
const buttonContrastJS = `(() => {
  const rgba = s => { const m = s.match(/[\d.]+/g) || []; return m.map(Number).concat([1]).slice(0, 4); };
  const lum = ([r, g, b]) => {
    const c = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const bad = [];
  for (const el of document.querySelectorAll('button, a.button, input[type=submit]')) {
    if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const fg = rgba(getComputedStyle(el).color), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) bad.push((el.textContent || el.value || '').trim().replace(/\s+/g, ' ') + ' (' + ratio.toFixed(2) + ':1)');
  }
  return bad;
})()`

// checkButtonContrast fails the test for each button on the page whose text
// is hard to read against its background.
func checkButtonContrast(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	checkNone(t, b, buttonContrastJS, "buttons with text under 4.5:1 contrast")
}

// checkNone runs js, which lists what is wrong on the page, and fails the
// test, saying what it lists, when the list is not empty.
func checkNone(t *testing.T, b *browsertest.Browser, js, what string) {
	t.Helper()
	if bad := browsertest.Eval[[]string](t, b, js); len(bad) > 0 {
		t.Errorf("%s: %s", what, strings.Join(bad, "; "))
	}
}

// fieldBorderJS lists every visible field one types or chooses in (text
// inputs of any type, selects, text areas) whose border is not the site's
// solid 2 px one: a field the style sheet forgot falls back to the browser's
// thin grey border and looks unlike the rest of the form.
const fieldBorderJS = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'checkbox', 'radio', 'submit', 'button', 'file'].includes(el.type)) continue;
    if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const st = getComputedStyle(el), border = st.borderTopWidth + ' ' + st.borderTopStyle;
    if (border !== '2px solid') bad.push((el.id || el.name) + ' (' + el.type + ', ' + border + ')');
  }
  return bad;
})()`

// checkFieldBorders fails the test for each field on the page drawn
// without the site's border.
func checkFieldBorders(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	checkNone(t, b, fieldBorderJS, "fields without the site's border")
}
