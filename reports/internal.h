/* Helpers the report writers share (reports/report.c). */
#ifndef JT_REPORTS_INTERNAL_H
#define JT_REPORTS_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "reports/report.h"

/* A record's title: "SUBTEST: line N: KIND" or "line N: KIND". */
void jt_report_title(char *buf, size_t size, const jt_record_result *rr);
/* The length of s's first line. */
size_t jt_report_first_line(const char *s);
/* The file's name as a dotted class: "cases/10-pause.test" -> "cases.10-pause". */
void jt_report_class(char *buf, size_t size, const char *path);
/* The seed as decimal text, or NULL when the run has none (buf of 24 bytes or more). */
const char *jt_report_seed(char *buf, size_t size, const jt_report_meta *meta);
/* 0 when f has no error, else JT_EIO. */
int jt_report_status(FILE *f);

/* n bytes of s as XML/HTML text: & < > " ' escaped, control characters but tab, newline and
   carriage return written as U+FFFD, and so is invalid UTF-8. */
void jt_report_xml(FILE *f, const char *s, size_t n);
void jt_report_xmls(FILE *f, const char *s);
/* The same for an attribute value: tab, newline and carriage return as references too. */
void jt_report_xml_attr(FILE *f, const char *s, size_t n);
/* s as a JSON string with its quotes, or null for NULL; invalid UTF-8 becomes U+FFFD. */
void jt_report_json_str(FILE *f, const char *s);
/* n bytes of s with control characters but tab, and invalid UTF-8, replaced by U+FFFD. */
void jt_report_plain(FILE *f, const char *s, size_t n);

#endif
