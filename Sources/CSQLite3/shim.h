// SQLite, the embedded database the run history lives in (Debian: libsqlite3-dev).
#include <sqlite3.h>
