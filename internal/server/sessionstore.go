package server

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// quietStore is a session store that skips the write scs makes on every
// request only to move an unchanged session's idle expiry forward, as long
// as this instance wrote the same data less than every ago. Without it,
// each page a signed-in person opens costs an UPSERT of their session, a
// write with its WAL and dead tuple, where reading was all they did.
//
// The price is that a session may end up to every before its idle timeout.
// Data that changed is always written, and skipping never overwrites what
// another instance wrote (it only leaves the row alone).
type quietStore struct {
	scs.Store
	every time.Duration

	mu   sync.Mutex
	last map[string]committed // by token: what this instance last wrote
}

type committed struct {
	data   []byte
	expiry time.Time
}

// quietLimit bounds the tokens remembered; past it they are forgotten all
// at once, which costs each live session one more write.
const quietLimit = 100_000

func newQuietStore(s scs.Store, every time.Duration) *quietStore {
	return &quietStore{Store: s, every: every, last: map[string]committed{}}
}

// Commit writes the session unless only its expiry moved, by less than
// every since this instance last wrote it.
func (q *quietStore) Commit(token string, b []byte, expiry time.Time) error {
	q.mu.Lock()
	c, ok := q.last[token]
	q.mu.Unlock()
	if ok && bytes.Equal(c.data, b) && !expiry.Before(c.expiry) && expiry.Sub(c.expiry) < q.every {
		return nil
	}
	if err := q.Store.Commit(token, b, expiry); err != nil {
		return err
	}
	q.mu.Lock()
	if len(q.last) >= quietLimit {
		clear(q.last)
	}
	q.last[token] = committed{data: bytes.Clone(b), expiry: expiry}
	q.mu.Unlock()
	return nil
}

// Delete forgets the token and deletes the session.
func (q *quietStore) Delete(token string) error {
	q.mu.Lock()
	delete(q.last, token)
	q.mu.Unlock()
	return q.Store.Delete(token)
}

// FindCtx reads the session through the inner store, with its context when
// the store takes one.
func (q *quietStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	if c, ok := q.Store.(interface {
		FindCtx(context.Context, string) ([]byte, bool, error)
	}); ok {
		return c.FindCtx(ctx, token)
	}
	return q.Store.Find(token)
}

// sessionRows is the sessions table: pgxstore's deletion and clean-up of
// expired sessions, with reading and writing of its own so that each
// session row names its user (sessions.user_id) and one statement loads a
// request's session and user together (see loadUser).
type sessionRows struct {
	*pgxstore.PostgresStore
	st    *store.Store
	codec scs.Codec
	// organisations names the organisations a user acts for, from their
	// ids.
	organisations func(ctx context.Context, ids []int64) ([]portal.Organisation, error)
}

// sessionUserKey holds, in a request's context, the *sessionUser that
// FindCtx fills.
type sessionUserKey struct{}

// sessionUser is the user read with the request's session: nil when the
// session names none (or was written before sessions named their user).
type sessionUser struct{ user *portal.User }

// withSessionUser gives the request a place for the user read with its
// session. It goes before the session manager's LoadAndSave.
func withSessionUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionUserKey{}, &sessionUser{})))
	})
}

// sessionUserFrom returns the user read with the session if it is the
// user with the id, nil otherwise.
func sessionUserFrom(ctx context.Context, id int64) *portal.User {
	if h, ok := ctx.Value(sessionUserKey{}).(*sessionUser); ok && h.user != nil && h.user.ID == id {
		return h.user
	}
	return nil
}

func (rows *sessionRows) Find(token string) ([]byte, bool, error) {
	return rows.FindCtx(context.Background(), token)
}

func (rows *sessionRows) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	ss, found, err := rows.st.SessionWithUser(ctx, token)
	if err != nil || ss.User == nil {
		return ss.Data, found, err
	}
	if len(ss.OrganisationIDs) > 0 {
		if ss.User.Organisations, err = rows.organisations(ctx, ss.OrganisationIDs); err != nil {
			return nil, false, err
		}
	}
	if h, ok := ctx.Value(sessionUserKey{}).(*sessionUser); ok {
		h.user = ss.User
	}
	return ss.Data, found, nil
}

func (rows *sessionRows) Commit(token string, b []byte, expiry time.Time) error {
	return rows.CommitCtx(context.Background(), token, b, expiry)
}

// CommitCtx writes the session with the user its data names.
func (rows *sessionRows) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var userID int64
	if _, values, err := rows.codec.Decode(b); err == nil {
		userID, _ = values[sessUserID].(int64)
	}
	return rows.st.CommitSession(ctx, token, b, expiry, userID)
}
