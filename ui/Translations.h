#pragma once
// Loads the dashboard's catalogue (":/i18n/natsws_<lang>.qm", built from translations/) and
// Qt's own for standard dialogs, for `--lang` or else the system locale.
#include <QString>

namespace natsws::ui {

// `language` like "de" or "de_DE"; empty: the system's UI languages. Returns the locale name
// whose natsws catalogue was installed, empty when none matched (English is built in).
QString installTranslations(const QString &language);

// Removes what installTranslations() installed (tests switch languages).
void removeTranslations();

} // namespace natsws::ui
