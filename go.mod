module reconwatch

go 1.26
