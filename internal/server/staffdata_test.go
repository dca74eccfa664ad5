package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// The staff dashboard keeps its rows per version of the data: a change made
// with plain SQL (as another instance would) shows within 2 s.
func TestStaffDashboardKeptPerVersion(t *testing.T) {
	pool := testdb.Seeded(t)
	ts, _ := memoInstance(t, testdb.URLOf(t, pool))
	st := store.New(pool)
	app := &testApp{URL: ts.URL, Store: st}
	leader := app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	c := app.client(t)
	c.login(leader.Email, testPassword)
	ctx := context.Background()
	var roundID, orgID int64
	if err := pool.QueryRow(ctx, `SELECT p.round_id, p.organisation_id FROM participations p JOIN rounds r ON r.id = p.round_id
		WHERE r.slug = '2019' ORDER BY p.id LIMIT 1`).Scan(&roundID, &orgID); err != nil {
		t.Fatal(err)
	}
	dashboard := "/personal/omgangar/" + strconv.FormatInt(roundID, 10)
	for range 2 {
		if res := c.get(dashboard); res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", dashboard, res.Status)
		}
	}
	const renamed = "Omdöpt kommun för testet"
	if _, err := pool.Exec(ctx, `UPDATE organisations SET name = $1 WHERE id = $2`, renamed, orgID); err != nil {
		t.Fatal(err)
	}
	var body string
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		body = c.get(dashboard).Body
		if strings.Contains(body, renamed) || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(body, renamed) {
		t.Errorf("%s does not show the organisation's new name 2 s after the change", dashboard)
	}
}
