package repotest_test

import (
	"testing"

	"example.com/feed/internal/repository/repotest"
)

// The in-memory repositories keep the contracts the real ones keep.

// newRepos returns the repositories of a new in-memory database.
func newRepos(*testing.T) repotest.Repos { return repotest.NewDB().Repos() }

func TestUserRepository(t *testing.T) { repotest.TestUserRepository(t, newRepos) }

func TestSessionRepository(t *testing.T) { repotest.TestSessionRepository(t, newRepos) }

func TestPasswordResetRepository(t *testing.T) { repotest.TestPasswordResetRepository(t, newRepos) }

func TestNoteRepository(t *testing.T) { repotest.TestNoteRepository(t, newRepos) }

func TestEventRepository(t *testing.T) { repotest.TestEventRepository(t, newRepos) }

func TestArtistRepository(t *testing.T) { repotest.TestArtistRepository(t, newRepos) }

func TestArtworkRepository(t *testing.T) { repotest.TestArtworkRepository(t, newRepos) }
