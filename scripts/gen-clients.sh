#!/usr/bin/env bash
# Regenerates the Python and Go client stubs from proto/ (committed, like src/gen):
#   clients/python/loff/v1/*_pb2.py, *_pb2.pyi, feature_service_pb2_grpc.py
#   clients/go/loffv1/*.pb.go
# Needs Debian's protobuf-compiler, protobuf-compiler-grpc (grpc_python_plugin), protoc-gen-go and
# protoc-gen-go-grpc (scripts/setup-polyglot.sh installs them). Usage: scripts/gen-clients.sh [OUT_ROOT]
# writes under OUT_ROOT (default: the repository) so scripts/check-clients-gen.sh can diff a fresh copy.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$repo}"
cd "$repo"
protos=(proto/loff/v1/augmentation.proto proto/loff/v1/feature_service.proto proto/loff/v1/tensor.proto)

py="$out/clients/python/loff/v1"
mkdir -p "$py"
rm -f "$py"/*_pb2.py "$py"/*_pb2.pyi "$py"/*_pb2_grpc.py
protoc -Iproto --python_out="$out/clients/python" --pyi_out="$out/clients/python" \
  --grpc_python_out="$out/clients/python" --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" "${protos[@]}"
# Only the service file has gRPC code; the plugin still writes empty modules for the others.
rm -f "$py/augmentation_pb2_grpc.py" "$py/tensor_pb2_grpc.py"

# The .proto files carry no go_package (the contract stays language-neutral): map them here.
go_module="loff/client"
maps=""
for p in "${protos[@]}"; do maps+=",M${p#proto/}=$go_module/loffv1"; done
mkdir -p "$out/clients/go/loffv1"
rm -f "$out/clients/go/loffv1"/*.pb.go
protoc -Iproto --go_out="$out/clients/go" --go_opt="module=$go_module$maps" \
  --go-grpc_out="$out/clients/go" --go-grpc_opt="module=$go_module$maps" "${protos[@]}"
