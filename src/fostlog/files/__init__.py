"""Reading and writing files safely: the safe reader, YAML with positions, validation
errors in plain words, the loader and its cache, and the one writer."""
