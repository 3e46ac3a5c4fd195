package repotest_test

import (
	"testing"

	"example.com/demo/internal/repository/repotest"
)

// The in-memory repositories keep the contracts the real ones keep.

// newRepos returns the repositories of a new in-memory database.
func newRepos(*testing.T) repotest.Repos { return repotest.NewDB().Repos() }

func TestArtistRepository(t *testing.T) { repotest.TestArtistRepository(t, newRepos) }

func TestEventRepository(t *testing.T) { repotest.TestEventRepository(t, newRepos) }

func TestBlogPostRepository(t *testing.T) { repotest.TestBlogPostRepository(t, newRepos) }

func TestArtworkRepository(t *testing.T) { repotest.TestArtworkRepository(t, newRepos) }
