"""Scale-out: coding on a Dask distributed cluster, writing through the one local store writer."""
