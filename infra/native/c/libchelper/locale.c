/*
 * The process locale for images built by couponflow's verification toolchain: language and country
 * read from the POSIX locale names (LC_ALL, LC_CTYPE / LC_MESSAGES, LANG), "en" for C and POSIX.
 * Scripts and variants are not derived.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "svm_locale.h"

static svm_locale_props_t props;

/* "de_DE.UTF-8@euro" -> language "de", country "DE"; NULL on out of memory */
static int parse(const char *name, char **language, char **country) {
  char lang[16] = "en", ctry[16] = "";
  if (name != NULL && strcmp(name, "C") != 0 && strcmp(name, "POSIX") != 0 && name[0] != '\0') {
    size_t n = strcspn(name, "_.@");
    if (n > 0 && n < sizeof(lang)) {
      memcpy(lang, name, n);
      lang[n] = '\0';
    }
    if (name[n] == '_') {
      const char *c = name + n + 1;
      size_t m = strcspn(c, ".@");
      if (m < sizeof(ctry)) {
        memcpy(ctry, c, m);
        ctry[m] = '\0';
      }
    }
  }
  *language = strdup(lang);
  *country = ctry[0] ? strdup(ctry) : NULL;
  return *language == NULL || (ctry[0] && *country == NULL) ? -1 : 0;
}

int svm_initialize_locale(void) {
  setlocale(LC_ALL, "");
  if (parse(setlocale(LC_MESSAGES, NULL), &props.display_language, &props.display_country) != 0 ||
      parse(setlocale(LC_CTYPE, NULL), &props.format_language, &props.format_country) != 0) {
    return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
  }
  return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *svm_get_locale(void) {
  return &props;
}
