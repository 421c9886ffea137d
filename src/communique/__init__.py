"""communique: raw news in, CAMEO and PLOVER coded political events out."""
