"""Generated protobuf and gRPC code of the loff.v1 contract (proto/loff/v1); regenerate with scripts/gen-clients.sh."""
