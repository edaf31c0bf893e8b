/* Operational log on stderr. Never pass personal data (names, kana, addresses, notes): log ids,
 * codes and counts only. */
#ifndef TSUNAGU_UTIL_LOG_H
#define TSUNAGU_UTIL_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
