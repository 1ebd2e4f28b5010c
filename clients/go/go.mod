module loff/client

// go 1.16 keeps indirect requirements out of this file, so the offline vendor tree built from
// Debian's packaged sources (vendor-debian.sh) only has to match these two lines.
go 1.16

require (
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)
