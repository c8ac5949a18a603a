#ifndef BATON_CLIBGIT2_SHIM_H
#define BATON_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <libdeflate.h>

// git_libgit2_opts is variadic, which Swift cannot call: one typed wrapper per option used.
static inline int baton_git_opts_set_int(int option, int value) {
  return git_libgit2_opts(option, value);
}

static inline int baton_git_opts_set_search_path(int level, const char *path) {
  return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

// An ODB backend as libgit2 sees it, followed by the Swift object that serves it: libgit2
// hands callbacks only the `git_odb_backend *`, which is also the address of this struct.
typedef struct {
  git_odb_backend parent;
  void *payload;
} baton_odb_backend;

#endif
