// DLEnvStore: see README.md in this folder.
