package server

import (
	"testing"
	"time"
)

// countingStore is a session store in memory that counts writes.
type countingStore struct {
	data    map[string][]byte
	commits int
}

func (c *countingStore) Find(token string) ([]byte, bool, error) {
	b, ok := c.data[token]
	return b, ok, nil
}
func (c *countingStore) Commit(token string, b []byte, _ time.Time) error {
	c.commits++
	c.data[token] = b
	return nil
}
func (c *countingStore) Delete(token string) error { delete(c.data, token); return nil }

// An unchanged session whose expiry moves by less than the interval is not
// written again; changed data, a larger move or a session deleted since is.
func TestQuietStoreSkipsExpiryOnlyWrites(t *testing.T) {
	inner := &countingStore{data: map[string][]byte{}}
	q := newQuietStore(inner, time.Minute)
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		name   string
		token  string
		data   string
		expiry time.Time
		delete bool
		writes int // total writes to the inner store after the step
	}{
		{"first write", "a", "x", t0, false, 1},
		{"same data, 30 s later", "a", "x", t0.Add(30 * time.Second), false, 1},
		{"same data, 59 s later", "a", "x", t0.Add(59 * time.Second), false, 1},
		{"same data, 61 s after the last write", "a", "x", t0.Add(61 * time.Second), false, 2},
		{"changed data at once", "a", "y", t0.Add(62 * time.Second), false, 3},
		{"another session", "b", "y", t0.Add(62 * time.Second), false, 4},
		{"an earlier expiry (lifetime cap) is written", "b", "y", t0, false, 5},
		{"deleted", "a", "", time.Time{}, true, 5},
		{"written again after its deletion", "a", "y", t0.Add(63 * time.Second), false, 6},
	}
	for _, st := range steps {
		if st.delete {
			if err := q.Delete(st.token); err != nil {
				t.Fatal(err)
			}
		} else if err := q.Commit(st.token, []byte(st.data), st.expiry); err != nil {
			t.Fatal(err)
		}
		if inner.commits != st.writes {
			t.Errorf("%s: %d writes, want %d", st.name, inner.commits, st.writes)
		}
	}
	if string(inner.data["a"]) != "y" {
		t.Errorf("stored data %q, want y", inner.data["a"])
	}
}
