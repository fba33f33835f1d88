// The C interface of sim/cases/regex_re2.h over RE2. No exception leaves this file: an
// allocation that fails is JT_RE2_ENOMEM.
#include "sim/cases/regex_re2.h"

#include <re2/re2.h>

#include <cstdio>
#include <string>

// The C type is RE2 itself.
struct jt_re2 : RE2 {
    using RE2::RE2;
};

// RE2's reason, without the pattern when RE2 quotes all of it ("missing ): <the pattern>").
static void reason(const RE2 &re, const char *pattern, char *why, size_t whysize) {
    std::string text = re.error();
    const std::string &arg = re.error_arg();
    if (!arg.empty() && arg == pattern && text.size() > arg.size() + 2 &&
        text.compare(text.size() - arg.size() - 2, std::string::npos, ": " + arg) == 0)
        text.resize(text.size() - arg.size() - 2);
    if (whysize > 0)
        std::snprintf(why, whysize, "%s", text.c_str());
}

extern "C" int jt_re2_compile(jt_re2 **out, const char *pattern, char *why, size_t whysize) {
    *out = nullptr;
    try {
        // RE2's default options are Go's syntax (UTF-8, Perl classes and flags); RE2 takes \C
        // (any byte) too, which Go refuses.
        RE2::Options options;
        options.set_log_errors(false);
        jt_re2 *re = new jt_re2(pattern, options);
        if (!re->ok()) {
            reason(*re, pattern, why, whysize);
            delete re;
            return JT_RE2_ESYNTAX;
        }
        *out = re;
        return JT_RE2_OK;
    } catch (...) { // std::bad_alloc: RE2 throws nothing else
        if (whysize > 0)
            std::snprintf(why, whysize, "out of memory");
        return JT_RE2_ENOMEM;
    }
}

extern "C" int jt_re2_search(const jt_re2 *re, const char *text, size_t len) {
    // Matching allocates too (RE2 builds its DFA as it goes, within a budget, and falls back
    // to its NFA past it): only running out of memory can make it throw.
    try {
        return re->Match(re2::StringPiece(text, len), 0, len, RE2::UNANCHORED, nullptr, 0);
    } catch (...) {
        return JT_RE2_ENOMEM;
    }
}

extern "C" void jt_re2_free(jt_re2 *re) {
    delete re;
}
