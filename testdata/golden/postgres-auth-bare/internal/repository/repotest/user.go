package repotest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/model"
)

// userRepo is the in-memory service.UserRepository of a DB. Like the users
// table, it keeps emails unique without regard to case.
type userRepo struct{ db *DB }

// cloneUser returns u with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneUser(u model.User) model.User {
	if u.FullName != nil {
		u.FullName = ptr(*u.FullName)
	}
	return u
}

// checkEmail fails with AlreadyExists when a user other than u has u's
// email in any case. The caller holds db.mu.
func (r userRepo) checkEmail(u model.User) error {
	for _, other := range r.db.userRows {
		if other.ID != u.ID && strings.EqualFold(other.Email, u.Email) {
			e := apperr.New(apperr.AlreadyExists, "user already exists")
			e.Details = map[string]string{"email": "already exists"}
			return e
		}
	}
	return nil
}

// get returns the user with the given id. The caller holds db.mu.
func (r userRepo) get(id uuid.UUID) (model.User, error) {
	u, ok := r.db.userRows[id]
	if !ok {
		return model.User{}, apperr.New(apperr.NotFound, "user not found")
	}
	return cloneUser(u), nil
}

func (r userRepo) Create(_ context.Context, u model.User) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.userRows[u.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "user already exists")
	}
	if err := r.checkEmail(u); err != nil {
		return err
	}
	r.db.userRows[u.ID] = cloneUser(u)
	return nil
}

func (r userRepo) Get(_ context.Context, id uuid.UUID) (model.User, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(id)
}

func (r userRepo) GetFresh(ctx context.Context, id uuid.UUID) (model.User, error) {
	return r.Get(ctx, id)
}

func (r userRepo) GetByEmail(_ context.Context, email string) (model.User, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	for _, u := range r.db.userRows {
		if strings.EqualFold(u.Email, email) {
			return cloneUser(u), nil
		}
	}
	return model.User{}, apperr.New(apperr.NotFound, "user not found")
}

func (r userRepo) List(_ context.Context, q model.UserList) (model.Page[model.User], error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var all []model.User
	for _, u := range r.db.userRows {
		all = append(all, cloneUser(u))
	}
	return q.Page(all)
}

func (r userRepo) Update(_ context.Context, id uuid.UUID, fn func(*model.User) error) (model.User, error) {
	get := func() (model.User, error) { return r.get(id) }
	put := func(u model.User) error {
		if err := r.checkEmail(u); err != nil {
			return err
		}
		r.db.userRows[id] = cloneUser(u)
		return nil
	}
	return update(r.db, get, fn, put)
}

// newUser returns the i-th user of a test.
func newUser(i int) model.User {
	return model.User{
		ID:           uuid.Must(uuid.NewV7()),
		Email:        fmt.Sprintf("user%d@example.com", i),
		PasswordHash: fmt.Sprintf("hash %d", i),
		IsActive:     true,
		CreatedAt:    timestamp(i),
		UpdatedAt:    timestamp(i),
	}
}

// userIDs returns the ids of users.
func userIDs(users []model.User) []uuid.UUID {
	ids := make([]uuid.UUID, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	return ids
}

// TestUserRepository is the contract every UserRepository keeps, the real
// one and the in-memory one alike. newRepos returns the repositories of a
// new, empty database; each subtest calls it once.
func TestUserRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		repo := newRepos(t).Users
		full := newUser(1)
		full.FullName = ptr("Alice Smith")
		full.IsSuperuser = true
		empty := newUser(2)
		empty.IsActive = false
		for _, want := range []model.User{full, empty} {
			if err := repo.Create(t.Context(), want); err != nil {
				t.Fatalf("Create: %v", err)
			}
			got, err := repo.Get(t.Context(), want.ID)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Get = %+v, %v; want %+v", got, err, want)
			}
			got, err = repo.GetFresh(t.Context(), want.ID)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("GetFresh = %+v, %v; want %+v", got, err, want)
			}
			got, err = repo.GetByEmail(t.Context(), want.Email)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("GetByEmail = %+v, %v; want %+v", got, err, want)
			}
		}
	})

	t.Run("get by email ignores case", func(t *testing.T) {
		repo := newRepos(t).Users
		u := newUser(1)
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.GetByEmail(t.Context(), "USER1@Example.COM")
		if err != nil || got.ID != u.ID {
			t.Errorf("GetByEmail(upper case) = %v, %v; want %v", got.ID, err, u.ID)
		}
	})

	t.Run("email is unique regardless of case", func(t *testing.T) {
		repo := newRepos(t).Users
		a, b := newUser(1), newUser(2)
		b.Email = "User1@EXAMPLE.com"
		if err := repo.Create(t.Context(), a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		err := repo.Create(t.Context(), b)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["email"] == "" {
			t.Errorf("Create(same email in other case) = %v, want AlreadyExists naming email", err)
		}

		c := newUser(3)
		if err := repo.Create(t.Context(), c); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), c.ID, func(u *model.User) error { u.Email = "USER1@example.com"; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(email of another user) = %v, want AlreadyExists", err)
		}
	})

	t.Run("missing is not found", func(t *testing.T) {
		repo := newRepos(t).Users
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
		if _, err := repo.GetByEmail(t.Context(), "nobody@example.com"); !errors.Is(err, apperr.NotFound) {
			t.Errorf("GetByEmail(missing) = %v, want NotFound", err)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.User) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("list walks every sort and filter in order", func(t *testing.T) {
		repo := newRepos(t).Users
		var all []model.User
		for i := range 9 {
			u := newUser(i)
			u.CreatedAt = timestamp(i / 2) // ties are broken by id
			u.UpdatedAt = timestamp(9 - i/3)
			u.IsActive = i%3 != 0
			u.IsSuperuser = i%4 == 0
			if err := repo.Create(t.Context(), u); err != nil {
				t.Fatalf("Create: %v", err)
			}
			all = append(all, u)
		}
		var queries []model.UserList
		for _, key := range []model.UserSortKey{model.UserByCreatedAt, model.UserByUpdatedAt, model.UserByEmail} {
			for _, desc := range []bool{false, true} {
				queries = append(queries, model.UserList{Sort: model.UserSort{Key: key, Desc: desc}, Limit: 4})
			}
		}
		queries = append(queries, model.UserList{Filter: model.UserFilter{Email: []model.Cond[string]{{Op: model.OpEq, Value: all[4].Email}}}, Limit: 2})
		queries = append(queries, model.UserList{Filter: model.UserFilter{IsActive: []model.Cond[bool]{{Op: model.OpEq, Value: all[4].IsActive}}}, Limit: 2})
		queries = append(queries, model.UserList{Filter: model.UserFilter{IsSuperuser: []model.Cond[bool]{{Op: model.OpEq, Value: all[4].IsSuperuser}}}, Limit: 2})
		for _, q := range queries {
			everything := q
			everything.Limit = model.MaxLimit
			want, err := everything.Page(all)
			if err != nil {
				t.Fatalf("Page(%+v): %v", q, err)
			}
			var got []model.User
			for range len(all) + 1 {
				page, err := repo.List(t.Context(), q)
				if err != nil {
					t.Fatalf("List(%+v): %v", q, err)
				}
				got = append(got, page.Items...)
				if page.Next == "" {
					break
				}
				q.Cursor = page.Next
			}
			if !reflect.DeepEqual(userIDs(got), userIDs(want.Items)) {
				t.Errorf("walk(%+v) = %v, want %v", q, userIDs(got), userIDs(want.Items))
			}
		}
		if page, err := repo.List(t.Context(), model.UserList{Limit: 1, Count: true}); err != nil || page.Total == nil || *page.Total != len(all) {
			t.Errorf("List(count) total = %v, %v; want %d", page.Total, err, len(all))
		}
	})

	t.Run("update commits fn's changes", func(t *testing.T) {
		repo := newRepos(t).Users
		u := newUser(1)
		u.FullName = ptr("Alice Smith")
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := u
		want.Email = "alice@example.com"
		want.FullName = ptr("Alice Jones")
		want.PasswordHash = "new hash"
		want.IsActive = false
		want.IsSuperuser = true
		want.UpdatedAt = timestamp(9)
		got, err := repo.Update(t.Context(), u.ID, func(x *model.User) error { *x = want; return nil })
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		stored, err := repo.Get(t.Context(), u.ID)
		if err != nil || !reflect.DeepEqual(stored, want) || !reflect.DeepEqual(got, want) {
			t.Errorf("after Update stored = %+v, %v, returned %+v; want %+v", stored, err, got, want)
		}
	})

	t.Run("update clears the full name", func(t *testing.T) {
		repo := newRepos(t).Users
		u := newUser(1)
		u.FullName = ptr("Alice Smith")
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Update(t.Context(), u.ID, func(x *model.User) error { x.FullName = nil; return nil }); err != nil {
			t.Fatalf("Update: %v", err)
		}
		if stored, err := repo.Get(t.Context(), u.ID); err != nil || stored.FullName != nil {
			t.Errorf("after Update stored full name = %v, %v; want nil", stored.FullName, err)
		}
	})

	t.Run("stored users share no memory with the caller", func(t *testing.T) {
		repo := newRepos(t).Users
		u := newUser(1)
		u.FullName = ptr("Alice Smith")
		want := u
		want.FullName = ptr("Alice Smith")
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*u.FullName = "Mallory" // what the caller gave changes
		got, err := repo.Get(t.Context(), u.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.FullName = "Mallory" // what the caller got changes
		if again, err := repo.Get(t.Context(), u.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		repo := newRepos(t).Users
		u := newUser(1)
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), u.ID, func(x *model.User) error {
			x.Email = "changed@example.com"
			x.UpdatedAt = timestamp(9)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Update = %v, want fn's error", err)
		}
		if stored, err := repo.Get(t.Context(), u.ID); err != nil || !reflect.DeepEqual(stored, u) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", stored, err, u)
		}
	})
}
